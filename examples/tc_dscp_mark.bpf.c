// TC classifier: copies the IPv4 DSCP into skb->mark and skb->priority, counts packets per DSCP,
// rewrites DSCP 46 (EF) to 0 for packets from 10.0.0.0/8 with bpf_l3_csum_replace and bpf_skb_store_bytes,
// and shoots down packets with TTL 0.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} dscp_count SEC(".maps");

#define IP_TOS_OFF (ETH_HLEN + __builtin_offsetof(struct iphdr, tos))
#define IP_CSUM_OFF (ETH_HLEN + __builtin_offsetof(struct iphdr, check))

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
    void *data = (void *)(long)skb->data;
    void *data_end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;

    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        return TC_ACT_OK;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end)
        return TC_ACT_OK;
    if (ip->ttl == 0)
        return TC_ACT_SHOT;

    __u8 tos = ip->tos;
    __u32 dscp = tos >> 2;
    __u64 *n = bpf_map_lookup_elem(&dscp_count, &dscp);
    if (n)
        __sync_fetch_and_add(n, 1);
    skb->mark = dscp;
    skb->priority = dscp >> 3;

    if (dscp == 46 && (bpf_ntohl(ip->saddr) >> 24) == 10) {
        __u8 new_tos = tos & 3;
        bpf_l3_csum_replace(skb, IP_CSUM_OFF, bpf_htons(tos), bpf_htons(new_tos), 2);
        bpf_skb_store_bytes(skb, IP_TOS_OFF, &new_tos, 1, 0);
    }
    return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
