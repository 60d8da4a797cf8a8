// TC packet surgery with the skb helpers: runts are padded to 60 bytes (bpf_skb_change_tail), UDP port
// 9999 packets get 8 bytes of room after the IP header (bpf_skb_adjust_room, BPF_ADJ_ROOM_NET) which
// is filled with a shim, TCP port 80 packets have their destination port rewritten to 8080 with
// bpf_skb_store_bytes + bpf_l4_csum_replace (pseudo-header-free: the port is not in it), and ICMP
// grows a 4-byte head (bpf_skb_change_head). Whether there is a flow hash (bpf_get_hash_recalc; its
// value depends on a per-boot random key), bpf_set_hash,
// bpf_get_cgroup_classid, bpf_csum_update, bpf_skb_pull_data and bpf_skb_load_bytes results go to an
// array per packet.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct report {
    __s32 tail_ret;
    __s32 room_ret;
    __s32 head_ret;
    __s32 pull_ret;
    __s32 load_ret;
    __s32 csum_ret;
    __u32 len_before;
    __u32 len_after;
    __u32 hash_set;
    __u32 classid;
    __u32 first_word;
    __s32 csum_update_ret;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 32);
    __type(key, __u32);
    __type(value, struct report);
} reports SEC(".maps");

__u32 seq;

#define L4_OFF (ETH_HLEN + sizeof(struct iphdr))

SEC("tc")
int tc_skb_resize(struct __sk_buff *skb)
{
    __u32 idx = seq++ & 31;
    struct report *r = bpf_map_lookup_elem(&reports, &idx);
    if (!r)
        return TC_ACT_SHOT;
    r->tail_ret = r->room_ret = r->head_ret = r->csum_ret = 1;
    r->len_before = skb->len;
    r->pull_ret = bpf_skb_pull_data(skb, 0);
    r->load_ret = bpf_skb_load_bytes(skb, 0, &r->first_word, 4);
    r->classid = bpf_get_cgroup_classid(skb);
    /* only CHECKSUM_COMPLETE skbs have a csum to update; a test run's skb has none */
    r->csum_update_ret = bpf_csum_update(skb, 0x1234);

    if (skb->len < 60)
        r->tail_ret = bpf_skb_change_tail(skb, 60, 0);

    void *data = (void *)(long)skb->data;
    void *data_end = (void *)(long)skb->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        goto out;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl != 5)
        goto out;
    __u8 proto = ip->protocol;
    if (proto == IPPROTO_UDP) {
        struct udphdr *udp = (void *)(ip + 1);
        if ((void *)(udp + 1) > data_end)
            goto out;
        if (udp->dest == bpf_htons(9999)) {
            r->room_ret = bpf_skb_adjust_room(skb, 8, BPF_ADJ_ROOM_NET, 0);
            if (r->room_ret == 0) {
                __u8 shim[8] = { 'S', 'H', 'I', 'M', 0, 0, 0, 8 };
                bpf_skb_store_bytes(skb, L4_OFF, shim, sizeof(shim), 0);
            }
        }
    } else if (proto == IPPROTO_TCP) {
        struct tcphdr *tcp = (void *)(ip + 1);
        if ((void *)(tcp + 1) > data_end)
            goto out;
        if (tcp->dest == bpf_htons(80)) {
            __be16 from = tcp->dest, to = bpf_htons(8080);
            bpf_skb_store_bytes(skb, L4_OFF + offsetof(struct tcphdr, dest), &to, sizeof(to), 0);
            r->csum_ret = bpf_l4_csum_replace(skb, L4_OFF + offsetof(struct tcphdr, check), from, to, 2);
        }
    } else if (proto == IPPROTO_ICMP) {
        r->head_ret = bpf_skb_change_head(skb, 4, 0);
    }
out:
    /* the flow hash is keyed with a random per-boot secret: record only that there is one */
    r->hash_set = bpf_get_hash_recalc(skb) != 0;
    bpf_set_hash(skb, 0x5eed0000 | idx);
    r->len_after = skb->len;
    return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
