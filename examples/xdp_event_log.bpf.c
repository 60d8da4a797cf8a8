// Packet sampling into a ring buffer and a perf event array: every IPv4 packet's header summary goes
// to the ring buffer through bpf_ringbuf_reserve/submit (TCP) or bpf_ringbuf_output (UDP), ICMP
// reservations are discarded, and each sample is also offered to bpf_perf_event_output (no reader is
// attached in a test run, so the kernel answers -ENOENT). The ring's fill level from
// bpf_ringbuf_query and every return code are kept in arrays; a full ring makes reserve fail.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct sample {
    __u32 saddr;
    __u32 daddr;
    __u16 len;
    __u8 proto;
    __u8 ttl;
    __u32 seq;
};

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} ring SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __uint(key_size, sizeof(__u32));
    __uint(value_size, sizeof(__u32));
} perf SEC(".maps");

enum { S_AVAIL, S_SIZE, S_CONS, S_PROD, S_RESERVE_FAIL, S_OUTPUT_RET, S_PERF_RET, S_SEQ, S_MAX };

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, S_MAX);
    __type(key, __u32);
    __type(value, __s64);
} status SEC(".maps");

static __always_inline void set(__u32 k, __s64 v)
{
    __s64 *p = bpf_map_lookup_elem(&status, &k);
    if (p)
        *p = v;
}

static __always_inline __s64 bump(__u32 k)
{
    __s64 *p = bpf_map_lookup_elem(&status, &k);
    if (!p)
        return 0;
    *p += 1;
    return *p;
}

SEC("xdp")
int xdp_event_log(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end)
        return XDP_DROP;
    struct sample s = {
        .saddr = ip->saddr, .daddr = ip->daddr, .len = data_end - data, .proto = ip->protocol, .ttl = ip->ttl,
        .seq = bump(S_SEQ),
    };
    if (ip->protocol == IPPROTO_UDP) {
        set(S_OUTPUT_RET, bpf_ringbuf_output(&ring, &s, sizeof(s), BPF_RB_NO_WAKEUP));
    } else {
        struct sample *r = bpf_ringbuf_reserve(&ring, sizeof(s) + (ip->protocol == IPPROTO_TCP ? 100 : 0), 0);
        if (!r) {
            bump(S_RESERVE_FAIL);
        } else {
            *r = s;
            if (ip->protocol == IPPROTO_ICMP)
                bpf_ringbuf_discard(r, 0);
            else
                bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
        }
    }
    set(S_PERF_RET, bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &s, sizeof(s)));
    set(S_AVAIL, bpf_ringbuf_query(&ring, BPF_RB_AVAIL_DATA));
    set(S_SIZE, bpf_ringbuf_query(&ring, BPF_RB_RING_SIZE));
    set(S_CONS, bpf_ringbuf_query(&ring, BPF_RB_CONS_POS));
    set(S_PROD, bpf_ringbuf_query(&ring, BPF_RB_PROD_POS));
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
