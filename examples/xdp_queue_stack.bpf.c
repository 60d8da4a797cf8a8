// Work lists in keyless maps: each UDP packet's source port is pushed on a FIFO queue and a LIFO stack
// (both of 4 elements: a full stack refuses, a full queue overwrites its oldest element with BPF_EXIST),
// TCP packets pop one element from each and peek at the next, and every destination address seen is
// added to a bloom filter that ICMP packets query. Results of each operation are counted per return
// code, and the last popped / peeked values kept in .bss.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
    __uint(type, BPF_MAP_TYPE_QUEUE);
    __uint(max_entries, 4);
    __type(value, __u32);
} fifo SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_STACK);
    __uint(max_entries, 4);
    __type(value, __u32);
} lifo SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
    __uint(max_entries, 64);
    __uint(map_extra, 3);
    __uint(map_flags, BPF_F_ZERO_SEED);
    __type(value, __u32);
} seen_dst SEC(".maps");

struct op_key {
    __u8 map;   /* 'q', 's', 'b' */
    __u8 op;    /* 'u' push, 'o' pop, 'e' peek */
    __s16 ret;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 32);
    __type(key, struct op_key);
    __type(value, __u32);
} results SEC(".maps");

__u32 last_pop_q, last_pop_s, last_peek_q, last_peek_s, bloom_hits;

static __always_inline long note(__u8 map, __u8 op, long ret)
{
    struct op_key k = { .map = map, .op = op, .ret = (__s16)ret };
    __u32 one = 1, *n = bpf_map_lookup_elem(&results, &k);

    if (n)
        *n += 1;
    else
        bpf_map_update_elem(&results, &k, &one, BPF_NOEXIST);
    return ret;
}

SEC("xdp")
int xdp_queue_stack(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl != 5)
        return XDP_PASS;
    __u32 dst = ip->daddr;
    if (ip->protocol == IPPROTO_UDP) {
        struct udphdr *udp = (void *)(ip + 1);
        if ((void *)(udp + 1) > data_end)
            return XDP_DROP;
        __u32 port = bpf_ntohs(udp->source);
        note('q', 'u', bpf_map_push_elem(&fifo, &port, BPF_EXIST));
        note('s', 'u', bpf_map_push_elem(&lifo, &port, BPF_ANY));
        note('b', 'u', bpf_map_push_elem(&seen_dst, &dst, BPF_ANY));
        return XDP_PASS;
    }
    if (ip->protocol == IPPROTO_TCP) {
        __u32 v = 0;
        if (note('q', 'o', bpf_map_pop_elem(&fifo, &v)) == 0)
            last_pop_q = v;
        if (note('s', 'o', bpf_map_pop_elem(&lifo, &v)) == 0)
            last_pop_s = v;
        if (note('q', 'e', bpf_map_peek_elem(&fifo, &v)) == 0)
            last_peek_q = v;
        if (note('s', 'e', bpf_map_peek_elem(&lifo, &v)) == 0)
            last_peek_s = v;
        return XDP_TX;
    }
    if (ip->protocol == IPPROTO_ICMP) {
        if (note('b', 'e', bpf_map_peek_elem(&seen_dst, &dst)) == 0)
            bloom_hits++;
        return XDP_DROP;
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
