// Source-prefix firewall: the longest matching IPv4 or IPv6 source prefix in an LPM trie chooses the
// verdict (drop, pass, or pass only for allowed destination ports from a hash map); per-verdict packet
// counts go to a per-CPU array, per-rule hits to the rule's own value, bytes per IPv4 source to a
// per-CPU hash.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum verdict { V_DEFAULT = 0, V_DROP = 1, V_PASS = 2, V_PORTS = 3, V_MAX };

struct lpm_v4 {
    __u32 prefixlen;
    __u8 addr[4];
};

struct lpm_v6 {
    __u32 prefixlen;
    __u8 addr[16];
};

struct rule {
    __u32 verdict;
    __u32 hits;
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 64);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_v4);
    __type(value, struct rule);
} rules_v4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 64);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_v6);
    __type(value, struct rule);
} rules_v6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u16);     /* destination port, network order */
    __type(value, __u8);
} allowed_ports SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, V_MAX);
    __type(key, __u32);
    __type(value, __u64);
} verdicts SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 32);
    __type(key, __u32);     /* IPv4 source address */
    __type(value, __u64);   /* bytes */
} src_bytes SEC(".maps");

static __always_inline int dst_port(void *l4, void *data_end, __u8 proto, __u16 *port)
{
    if (proto == IPPROTO_UDP) {
        struct udphdr *udp = l4;
        if ((void *)(udp + 1) > data_end)
            return -1;
        *port = udp->dest;
        return 0;
    }
    if (proto == IPPROTO_TCP) {
        struct tcphdr *tcp = l4;
        if ((void *)(tcp + 1) > data_end)
            return -1;
        *port = tcp->dest;
        return 0;
    }
    return -1;
}

static __always_inline int decide(struct rule *r, void *l4, void *data_end, __u8 proto)
{
    __u32 v = r ? r->verdict : V_DEFAULT;
    __u16 port = 0;
    int action = XDP_PASS;

    if (r)
        __sync_fetch_and_add(&r->hits, 1);
    if (v == V_DROP)
        action = XDP_DROP;
    else if (v == V_PORTS)
        action = (dst_port(l4, data_end, proto, &port) == 0 && bpf_map_lookup_elem(&allowed_ports, &port))
                     ? XDP_PASS : XDP_DROP;
    __u64 *cnt = bpf_map_lookup_elem(&verdicts, &v);
    if (cnt)
        *cnt += 1;
    return action;
}

SEC("xdp")
int xdp_lpm_acl(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end)
        return XDP_DROP;
    if (eth->h_proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = (void *)(eth + 1);
        if ((void *)(ip + 1) > data_end || ip->ihl < 5)
            return XDP_DROP;
        struct lpm_v4 key = { .prefixlen = 32 };
        __builtin_memcpy(key.addr, &ip->saddr, 4);
        __u32 src = ip->saddr;
        __u64 len = data_end - data, *bytes = bpf_map_lookup_elem(&src_bytes, &src);
        if (bytes)
            *bytes += len;
        else
            bpf_map_update_elem(&src_bytes, &src, &len, BPF_NOEXIST);
        return decide(bpf_map_lookup_elem(&rules_v4, &key), (void *)ip + ip->ihl * 4, data_end, ip->protocol);
    }
    if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = (void *)(eth + 1);
        if ((void *)(ip6 + 1) > data_end)
            return XDP_DROP;
        struct lpm_v6 key = { .prefixlen = 128 };
        __builtin_memcpy(key.addr, &ip6->saddr, 16);
        return decide(bpf_map_lookup_elem(&rules_v6, &key), ip6 + 1, data_end, ip6->nexthdr);
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
