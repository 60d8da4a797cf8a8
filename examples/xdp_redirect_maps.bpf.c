// Forwarding decisions through the redirect maps: the last octet of the IPv4 destination picks a
// DEVMAP slot (0-3), the UDP destination port a DEVMAP_HASH key, the TCP source port a CPUMAP slot, the
// IPv6 flow an XSKMAP queue; bpf_redirect_map falls back to the action in its flags when the slot is
// empty. ARP goes to bpf_redirect(ifindex 1). Every helper return value is counted per action in an
// array, so the results show the kernel's fallback rules.
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
    __uint(type, BPF_MAP_TYPE_DEVMAP);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u32);
} ports SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
    __uint(max_entries, 8);
    __type(key, __u32);
    __type(value, struct bpf_devmap_val);
} port_by_id SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_CPUMAP);
    __uint(max_entries, 2);
    __type(key, __u32);
    __type(value, struct bpf_cpumap_val);
} cpus SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u32);
} xsks SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 8);
    __type(key, __u32);
    __type(value, __u64);
} actions SEC(".maps");

static __always_inline int count(long action)
{
    __u32 k = (__u32)action & 7;
    __u64 *v = bpf_map_lookup_elem(&actions, &k);
    if (v)
        *v += 1;
    return action;
}

SEC("xdp")
int xdp_redirect_maps(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end)
        return count(XDP_ABORTED);
    if (eth->h_proto == bpf_htons(ETH_P_ARP))
        return count(bpf_redirect(1, 0));
    if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = (void *)(eth + 1);
        if ((void *)(ip6 + 1) > data_end)
            return count(XDP_DROP);
        return count(bpf_redirect_map(&xsks, ip6->flow_lbl[2] & 3, XDP_PASS));
    }
    if (eth->h_proto != bpf_htons(ETH_P_IP))
        return count(XDP_PASS);
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl != 5)
        return count(XDP_DROP);
    if (ip->protocol == IPPROTO_UDP) {
        struct udphdr *udp = (void *)(ip + 1);
        if ((void *)(udp + 1) > data_end)
            return count(XDP_DROP);
        return count(bpf_redirect_map(&port_by_id, bpf_ntohs(udp->dest), XDP_DROP));
    }
    if (ip->protocol == IPPROTO_TCP) {
        struct tcphdr *tcp = (void *)(ip + 1);
        if ((void *)(tcp + 1) > data_end)
            return count(XDP_DROP);
        return count(bpf_redirect_map(&cpus, bpf_ntohs(tcp->source) & 1, XDP_PASS));
    }
    __u32 slot = bpf_ntohl(ip->daddr) & 0xff;
    /* slots past max_entries fall back too */
    return count(bpf_redirect_map(&ports, slot, XDP_TX));
}

char LICENSE[] SEC("license") = "GPL";
