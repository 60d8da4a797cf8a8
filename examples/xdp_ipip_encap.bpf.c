// IPIP encapsulation with XDP head/tail/meta adjustment: UDP packets to port 4789 are trimmed to
// at most 96 bytes (bpf_xdp_adjust_tail), wrapped in an outer IPv4 header (bpf_xdp_adjust_head by -20,
// header checksum from bpf_csum_diff) and sent back out (XDP_TX); a 4-byte mark is left in the XDP
// metadata area (bpf_xdp_adjust_meta) for the outer program's ID. bpf_xdp_get_buff_len and
// bpf_xdp_load_bytes / bpf_xdp_store_bytes read and patch the result; each step's return code is
// recorded in an array so failures (too much headroom asked, too short a packet) show up.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define MAX_INNER 96

enum { R_TAIL, R_HEAD, R_META, R_LEN, R_STORE, R_BIG_HEAD, R_CSUM, R_COUNT };

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, R_COUNT);
    __type(key, __u32);
    __type(value, __s64);
} last_ret SEC(".maps");

const volatile __u32 tunnel_src = 0x0a0000fe;   /* 10.0.0.254 */
const volatile __u32 tunnel_dst = 0x0a000063;   /* 10.0.0.99 */

static __always_inline void note(__u32 what, __s64 ret)
{
    __s64 *v = bpf_map_lookup_elem(&last_ret, &what);
    if (v)
        *v = ret;
}

SEC("xdp")
int xdp_ipip_encap(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
        return XDP_PASS;
    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > data_end || udp->dest != bpf_htons(4789))
        return XDP_PASS;

    /* an impossible head adjustment fails and changes nothing */
    note(R_BIG_HEAD, bpf_xdp_adjust_head(ctx, -4096));

    int len = data_end - data;
    if (len > ETH_HLEN + MAX_INNER)
        note(R_TAIL, bpf_xdp_adjust_tail(ctx, ETH_HLEN + MAX_INNER - len));

    struct ethhdr saved;
    if (bpf_xdp_load_bytes(ctx, 0, &saved, sizeof(saved)) < 0)
        return XDP_ABORTED;

    long r = bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr));
    note(R_HEAD, r);
    if (r < 0)
        return XDP_DROP;

    data = (void *)(long)ctx->data;
    data_end = (void *)(long)ctx->data_end;
    eth = data;
    struct iphdr *outer = (void *)(eth + 1);
    struct iphdr *inner = (void *)(outer + 1);
    if ((void *)(inner + 1) > data_end)
        return XDP_ABORTED;
    __builtin_memcpy(eth, &saved, sizeof(saved));
    outer->version = 4;
    outer->ihl = 5;
    outer->tos = inner->tos;
    outer->tot_len = bpf_htons(bpf_ntohs(inner->tot_len) + sizeof(struct iphdr));
    outer->id = 0;
    outer->frag_off = bpf_htons(0x4000);
    outer->ttl = 64;
    outer->protocol = IPPROTO_IPIP;
    outer->check = 0;
    outer->saddr = bpf_htonl(tunnel_src);
    outer->daddr = bpf_htonl(tunnel_dst);
    __s64 sum = bpf_csum_diff(0, 0, (__be32 *)outer, sizeof(*outer), 0);
    note(R_CSUM, sum);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    outer->check = ~sum;

    note(R_LEN, bpf_xdp_get_buff_len(ctx));
    __u8 new_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x63 };
    note(R_STORE, bpf_xdp_store_bytes(ctx, 0, new_mac, ETH_ALEN));

    r = bpf_xdp_adjust_meta(ctx, -4);
    note(R_META, r);
    if (r == 0) {
        void *meta = (void *)(long)ctx->data_meta;
        __u32 *mark = meta;
        if ((void *)(mark + 1) <= (void *)(long)ctx->data)
            *mark = 0xfeedf00d;
    }
    return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
