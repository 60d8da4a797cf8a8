// Drops UDP and TCP packets whose destination port is listed in the `blocked_ports` hash map (IPv4 and
// IPv6); counts drops per port. Other traffic passes.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u16);   /* port, host order */
    __type(value, __u64); /* drop count */
} blocked_ports SEC(".maps");

static __always_inline int port_verdict(__u16 port_be)
{
    __u16 port = bpf_ntohs(port_be);
    __u64 *drops = bpf_map_lookup_elem(&blocked_ports, &port);
    if (!drops)
        return XDP_PASS;
    __sync_fetch_and_add(drops, 1);
    return XDP_DROP;
}

SEC("xdp")
int xdp_drop_port(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    void *l4;
    __u8 proto;

    if ((void *)(eth + 1) > data_end)
        return XDP_DROP;

    if (eth->h_proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = (void *)(eth + 1);
        if ((void *)(ip + 1) > data_end || ip->ihl < 5)
            return XDP_DROP;
        proto = ip->protocol;
        l4 = (void *)ip + ip->ihl * 4;
    } else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = (void *)(eth + 1);
        if ((void *)(ip6 + 1) > data_end)
            return XDP_DROP;
        proto = ip6->nexthdr;
        l4 = ip6 + 1;
    } else {
        return XDP_PASS;
    }

    if (proto == IPPROTO_TCP) {
        struct tcphdr *tcp = l4;
        if ((void *)(tcp + 1) > data_end)
            return XDP_DROP;
        return port_verdict(tcp->dest);
    }
    if (proto == IPPROTO_UDP) {
        struct udphdr *udp = l4;
        if ((void *)(udp + 1) > data_end)
            return XDP_DROP;
        return port_verdict(udp->dest);
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
