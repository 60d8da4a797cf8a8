// A small TCP/UDP connection table: new flows are inserted with BPF_NOEXIST into an LRU hash (4 slots,
// so the oldest flows are evicted), existing ones updated in place with BPF_EXIST; TCP FIN or RST
// deletes the flow. Per-flow byte counts live in an LRU per-CPU hash, and a hash map records how each
// insert / update / delete call returned (errno values included), keyed by operation and result.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct flow_key {
    __u32 saddr;
    __u32 daddr;
    __u16 sport;
    __u16 dport;
    __u8 proto;
    __u8 pad[3];
};

struct flow {
    __u64 packets;
    __u32 first_len;
    __u32 last_len;
};

struct op_key {
    __u32 op;       /* 1 insert, 2 update, 3 delete */
    __s32 ret;
};

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4);
    __type(key, struct flow_key);
    __type(value, struct flow);
} flows SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
    __uint(max_entries, 8);
    __type(key, struct flow_key);
    __type(value, __u64);
} flow_bytes SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 32);
    __type(key, struct op_key);
    __type(value, __u32);
} op_results SEC(".maps");

static __always_inline void record(__u32 op, long ret)
{
    struct op_key k = { .op = op, .ret = (__s32)ret };
    __u32 one = 1, *n = bpf_map_lookup_elem(&op_results, &k);

    if (n)
        __sync_fetch_and_add(n, 1);
    else
        bpf_map_update_elem(&op_results, &k, &one, BPF_ANY);
}

SEC("xdp")
int xdp_conn_table(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    struct flow_key key = {};
    int closing = 0;

    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl != 5)
        return XDP_PASS;
    key.saddr = ip->saddr;
    key.daddr = ip->daddr;
    key.proto = ip->protocol;
    if (ip->protocol == IPPROTO_TCP) {
        struct tcphdr *tcp = (void *)(ip + 1);
        if ((void *)(tcp + 1) > data_end)
            return XDP_DROP;
        key.sport = tcp->source;
        key.dport = tcp->dest;
        closing = tcp->fin || tcp->rst;
    } else if (ip->protocol == IPPROTO_UDP) {
        struct udphdr *udp = (void *)(ip + 1);
        if ((void *)(udp + 1) > data_end)
            return XDP_DROP;
        key.sport = udp->source;
        key.dport = udp->dest;
    } else {
        return XDP_PASS;
    }

    __u32 len = data_end - data;
    if (closing) {
        record(3, bpf_map_delete_elem(&flows, &key));
        record(3, bpf_map_delete_elem(&flow_bytes, &key));
        return XDP_PASS;
    }
    struct flow *f = bpf_map_lookup_elem(&flows, &key);
    if (f) {
        struct flow upd = { .packets = f->packets + 1, .first_len = f->first_len, .last_len = len };
        record(2, bpf_map_update_elem(&flows, &key, &upd, BPF_EXIST));
    } else {
        struct flow nf = { .packets = 1, .first_len = len, .last_len = len };
        record(1, bpf_map_update_elem(&flows, &key, &nf, BPF_NOEXIST));
        /* a second insert of the same key must fail with -EEXIST */
        record(1, bpf_map_update_elem(&flows, &key, &nf, BPF_NOEXIST));
    }
    __u64 *bytes = bpf_map_lookup_elem(&flow_bytes, &key);
    if (bytes) {
        *bytes += len;
    } else {
        __u64 b = len;
        bpf_map_update_elem(&flow_bytes, &key, &b, BPF_NOEXIST);
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
