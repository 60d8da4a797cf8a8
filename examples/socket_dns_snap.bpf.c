// Socket filter: keeps DNS traffic (UDP port 53, IPv4 or IPv6) truncated to 64 bytes and everything
// TCP in full, drops the rest (return value = bytes to keep, 0 = drop). Reads the packet with
// bpf_skb_load_bytes and the legacy LD_ABS loads (load_byte / load_half), and counts kept bytes per
// skb->protocol in a hash map.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define DNS_SNAP 64

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, __u32);     /* skb->protocol (network order) */
    __type(value, __u64);   /* bytes kept */
} kept SEC(".maps");

__u64 dropped;

static __always_inline __u32 keep(struct __sk_buff *skb, __u32 n)
{
    __u32 proto = skb->protocol;
    __u64 *v = bpf_map_lookup_elem(&kept, &proto);
    __u64 bytes = n < skb->len ? n : skb->len;

    if (v)
        __sync_fetch_and_add(v, bytes);
    else
        bpf_map_update_elem(&kept, &proto, &bytes, BPF_NOEXIST);
    return n;
}

SEC("socket")
int socket_dns_snap(struct __sk_buff *skb)
{
    __u8 l4proto;
    __u32 l4off;

    /* the socket filter sees the packet from the network header on */
    if (skb->protocol == bpf_htons(ETH_P_IP)) {
        __u8 vihl = load_byte(skb, 0);
        if ((vihl >> 4) != 4 || skb->len < 20)
            goto drop;
        l4proto = load_byte(skb, offsetof(struct iphdr, protocol));
        l4off = (vihl & 0xf) * 4;
    } else if (skb->protocol == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr ip6;
        if (bpf_skb_load_bytes(skb, 0, &ip6, sizeof(ip6)) < 0)
            goto drop;
        l4proto = ip6.nexthdr;
        l4off = sizeof(ip6);
    } else {
        goto drop;
    }
    if (l4proto == IPPROTO_TCP)
        return keep(skb, 0xffff);
    if (l4proto != IPPROTO_UDP)
        goto drop;
    struct udphdr udp;
    if (bpf_skb_load_bytes(skb, l4off, &udp, sizeof(udp)) < 0)
        goto drop;
    if (udp.dest == bpf_htons(53) || udp.source == bpf_htons(53) || load_half(skb, l4off + 2) == 5353)
        return keep(skb, DNS_SNAP);
drop:
    __sync_fetch_and_add(&dropped, 1);
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
