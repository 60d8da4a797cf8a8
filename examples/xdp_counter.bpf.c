// Counts packets and bytes per IP protocol in a per-CPU array and a hash map; passes every packet.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct counters {
    __u64 packets;
    __u64 bytes;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 256);
    __type(key, __u32);
    __type(value, struct counters);
} proto_stats SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u16);
    __type(value, __u64);
} ethertype_seen SEC(".maps");

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    __u32 proto = 0;

    if ((void *)(eth + 1) > data_end)
        return XDP_PASS;

    __u16 type = bpf_ntohs(eth->h_proto);
    __u64 one = 1, *seen = bpf_map_lookup_elem(&ethertype_seen, &type);
    if (seen)
        __sync_fetch_and_add(seen, 1);
    else
        bpf_map_update_elem(&ethertype_seen, &type, &one, BPF_NOEXIST);

    if (eth->h_proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = (void *)(eth + 1);
        if ((void *)(ip + 1) > data_end)
            return XDP_PASS;
        proto = ip->protocol;
    }

    struct counters *c = bpf_map_lookup_elem(&proto_stats, &proto);
    if (c) {
        c->packets++;
        c->bytes += data_end - data;
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
