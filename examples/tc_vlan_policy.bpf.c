// TC ingress policy on __sk_buff fields and VLAN tags: untagged IPv4 gets tagged with VLAN 10 (TCP) or
// 20 (UDP) by bpf_skb_vlan_push and classified through skb->mark / priority / tc_classid; a packet
// already tagged with VLAN 100 in its data has the tag removed by bpf_skb_vlan_pop. TTL is decremented
// in place with bpf_skb_store_bytes + bpf_l3_csum_replace. What the program saw and set is snapshotted
// per packet into an array (indexed by a counter in cb[0]'s view), so the results show the fields.
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct snapshot {
    __u32 len;
    __u32 protocol;
    __u32 vlan_present;
    __u32 vlan_tci;
    __u32 vlan_proto;
    __u32 mark;
    __u32 priority;
    __u32 tc_classid;
    __u32 pkt_type;
    __u32 ifindex;
    __u32 ingress_ifindex;
    __u32 cb0;
    __s32 push_ret;
    __s32 pop_ret;
    __s32 csum_ret;
    __u32 hash;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 32);
    __type(key, __u32);
    __type(value, struct snapshot);
} snaps SEC(".maps");

__u32 packet_no;

#define IP_TTL_OFF (ETH_HLEN + offsetof(struct iphdr, ttl))
#define IP_CSUM_OFF (ETH_HLEN + offsetof(struct iphdr, check))

SEC("tc")
int tc_vlan_policy(struct __sk_buff *skb)
{
    __u32 idx = packet_no++ & 31;
    struct snapshot *s = bpf_map_lookup_elem(&snaps, &idx);
    int action = TC_ACT_OK;

    if (!s)
        return TC_ACT_SHOT;
    s->push_ret = s->pop_ret = s->csum_ret = 1;
    skb->cb[0] = idx + 1000;
    if (skb->protocol == bpf_htons(ETH_P_8021Q)) {
        void *data = (void *)(long)skb->data;
        void *data_end = (void *)(long)skb->data_end;
        __u16 *tci = data + ETH_HLEN;
        if ((void *)(tci + 1) <= data_end && (bpf_ntohs(*tci) & 0xfff) == 100)
            s->pop_ret = bpf_skb_vlan_pop(skb);
        skb->mark = 100;
    } else if (skb->protocol == bpf_htons(ETH_P_IP)) {
        void *data = (void *)(long)skb->data;
        void *data_end = (void *)(long)skb->data_end;
        struct iphdr *ip = data + ETH_HLEN;
        if ((void *)(ip + 1) > data_end)
            return TC_ACT_SHOT;
        __u8 proto = ip->protocol;
        __u8 ttl = ip->ttl;
        if (ttl <= 1) {
            action = TC_ACT_SHOT;
            goto out;
        }
        __u16 old = *(__u16 *)&ip->ttl;     /* ttl and protocol share a 16-bit word */
        __u8 new_ttl = ttl - 1;
        bpf_skb_store_bytes(skb, IP_TTL_OFF, &new_ttl, 1, 0);
        __u16 now = (__u16)new_ttl | ((__u16)proto << 8);
        s->csum_ret = bpf_l3_csum_replace(skb, IP_CSUM_OFF, old, now, 2);
        if (proto == IPPROTO_TCP) {
            s->push_ret = bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), 10);
            skb->priority = 3;
            skb->tc_classid = 0x10;    /* 16 bits in the kernel (qdisc_skb_cb) */
        } else if (proto == IPPROTO_UDP) {
            s->push_ret = bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021AD), 20 | (5 << 13));
            skb->priority = 5;
            skb->tc_classid = 0x20;
        }
        skb->mark = 0xc0de0000 | proto;
    } else {
        action = TC_ACT_UNSPEC;
    }
out:
    s->len = skb->len;
    s->protocol = skb->protocol;
    s->vlan_present = skb->vlan_present;
    s->vlan_tci = skb->vlan_tci;
    s->vlan_proto = skb->vlan_proto;
    s->mark = skb->mark;
    s->priority = skb->priority;
    s->tc_classid = skb->tc_classid;
    s->pkt_type = skb->pkt_type;
    s->ifindex = skb->ifindex;
    s->ingress_ifindex = skb->ingress_ifindex;
    s->cb0 = skb->cb[0];
    s->hash = skb->hash;
    return action;
}

char LICENSE[] SEC("license") = "GPL";
