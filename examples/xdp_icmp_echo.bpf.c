// Answers ICMP echo requests in place: swaps MAC and IP addresses, turns the request into a reply,
// patches the ICMP checksum incrementally (RFC 1624) and sends the packet back out with XDP_TX.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* <linux/icmp.h> pulls in libc headers through <linux/if.h>, so the echo header is declared here */
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8
struct icmp_echo_hdr {
    __u8 type;
    __u8 code;
    __sum16 checksum;
    __be16 id;
    __be16 sequence;
};

static __always_inline void swap_mac(struct ethhdr *eth)
{
    __u8 tmp[ETH_ALEN];
    __builtin_memcpy(tmp, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, tmp, ETH_ALEN);
}

static __always_inline __u16 csum_fold(__u32 sum)
{
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return (__u16)~sum;
}

SEC("xdp")
int xdp_icmp_echo(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end)
        return XDP_PASS;
    if (eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;

    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end)
        return XDP_PASS;
    if (ip->protocol != IPPROTO_ICMP || ip->ihl != 5)
        return XDP_PASS;

    struct icmp_echo_hdr *icmp = (void *)(ip + 1);
    if ((void *)(icmp + 1) > data_end)
        return XDP_PASS;
    if (icmp->type != ICMP_ECHO || icmp->code != 0)
        return XDP_PASS;

    swap_mac(eth);
    __be32 addr = ip->saddr;
    ip->saddr = ip->daddr;
    ip->daddr = addr;
    ip->ttl = 64;
    /* the IP checksum must follow the TTL change: recompute it over the 20-byte header */
    ip->check = 0;
    __u32 sum = 0;
    __u16 *w = (__u16 *)ip;
#pragma unroll
    for (int i = 0; i < 10; i++)
        sum += w[i];
    ip->check = csum_fold(sum);

    /* type 8 -> 0: HC' = ~(~HC + ~m + m') with m = 0x0800, m' = 0x0000 (network order words) */
    icmp->type = ICMP_ECHOREPLY;
    __u32 c = (__u16)~icmp->checksum;
    c += (__u16)~bpf_htons(ICMP_ECHO << 8);
    icmp->checksum = csum_fold(c);
    return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
