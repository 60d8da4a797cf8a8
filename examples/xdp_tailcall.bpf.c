// A tail-call pair: the entry program classifies the packet by EtherType and tail-calls the handler
// for it through a prog array initialised in the object; an empty slot falls through to XDP_PASS.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum { SLOT_IPV4 = 0, SLOT_IPV6 = 1, SLOT_ARP = 2 };

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
} handled SEC(".maps");

static __always_inline void count(__u32 slot)
{
    __u64 *v = bpf_map_lookup_elem(&handled, &slot);
    if (v)
        __sync_fetch_and_add(v, 1);
}

SEC("xdp")
int handle_ipv4(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct iphdr *ip = data + sizeof(struct ethhdr);

    count(SLOT_IPV4);
    if ((void *)(ip + 1) > data_end)
        return XDP_DROP;
    return ip->ttl <= 1 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int handle_ipv6(struct xdp_md *ctx)
{
    count(SLOT_IPV6);
    return XDP_DROP;
}

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 4);
    __uint(key_size, sizeof(__u32));
    __array(values, int (void *));
} dispatch SEC(".maps") = {
    .values = {
        [SLOT_IPV4] = (void *)&handle_ipv4,
        [SLOT_IPV6] = (void *)&handle_ipv6,
    },
};

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end)
        return XDP_ABORTED;
    switch (bpf_ntohs(eth->h_proto)) {
    case ETH_P_IP:
        bpf_tail_call(ctx, &dispatch, SLOT_IPV4);
        break;
    case ETH_P_IPV6:
        bpf_tail_call(ctx, &dispatch, SLOT_IPV6);
        break;
    case ETH_P_ARP:
        bpf_tail_call(ctx, &dispatch, SLOT_ARP); /* empty slot: falls through */
        break;
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
