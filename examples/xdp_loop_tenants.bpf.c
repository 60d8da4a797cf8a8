// Per-tenant port blocking with maps of maps and callbacks: the VLAN id picks a tenant (a hash of maps
// from tenant id to that tenant's blocked-port hash; untagged traffic uses tenant slot 0 of an array of
// maps), bpf_loop walks the UDP payload summing its bytes (a callback with a context struct), and on
// every 8th packet bpf_for_each_map_elem totals the per-port counters into a .bss report.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_hdr {
    __be16 tci;
    __be16 proto;
};

struct port_set {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 8);
    __type(key, __u16);
    __type(value, __u64);
};

struct port_set blocked_default SEC(".maps"), blocked_t100 SEC(".maps"), blocked_t200 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __uint(max_entries, 2);
    __type(key, __u32);
    __array(values, struct port_set);
} default_tenant SEC(".maps") = {
    .values = { [0] = &blocked_default },
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
    __uint(max_entries, 8);
    __type(key, __u32);
    __array(values, struct port_set);
} tenants SEC(".maps") = {
    .values = { [100] = &blocked_t100, [200] = &blocked_t200 },
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16);
    __type(key, __u16);
    __type(value, __u64);
} port_hits SEC(".maps");

struct report {
    __u64 entries;
    __u64 total;
    __u16 max_port;
    __u16 pad[3];
} report;

__u64 packets, payload_sum;

struct sum_ctx {
    __u8 *p;
    void *end;
    __u32 sum;
};

static long sum_byte(__u32 i, void *arg)
{
    struct sum_ctx *c = arg;
    if (i >= 64)
        return 1;
    __u8 *b = c->p + i;
    if ((void *)(b + 1) > c->end)
        return 1;
    c->sum += *b;
    return 0;
}

static long add_hits(void *map, __u16 *port, __u64 *hits, struct report *r)
{
    r->entries++;
    r->total += *hits;
    if (*port > r->max_port)
        r->max_port = *port;
    return 0;
}

SEC("xdp")
int xdp_loop_tenants(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    __u32 tenant = 0;
    __be16 proto;
    void *l3;

    if ((void *)(eth + 1) > data_end)
        return XDP_DROP;
    proto = eth->h_proto;
    l3 = eth + 1;
    if (proto == bpf_htons(ETH_P_8021Q)) {
        struct vlan_hdr *vh = l3;
        if ((void *)(vh + 1) > data_end)
            return XDP_DROP;
        tenant = bpf_ntohs(vh->tci) & 0xfff;
        proto = vh->proto;
        l3 = vh + 1;
    }
    if (proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > data_end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
        return XDP_PASS;
    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > data_end)
        return XDP_DROP;

    void *ports;
    if (tenant == 0) {
        __u32 zero = 0;
        ports = bpf_map_lookup_elem(&default_tenant, &zero);
    } else {
        ports = bpf_map_lookup_elem(&tenants, &tenant);
    }
    if (!ports)
        return XDP_ABORTED;
    __u16 dport = bpf_ntohs(udp->dest);
    __u64 one = 1, *hits = bpf_map_lookup_elem(&port_hits, &dport);
    if (hits)
        *hits += 1;
    else
        bpf_map_update_elem(&port_hits, &dport, &one, BPF_NOEXIST);

    struct sum_ctx sc = { .p = (void *)(udp + 1), .end = data_end };
    bpf_loop(64, sum_byte, &sc, 0);
    payload_sum += sc.sum;

    if ((++packets & 7) == 0) {
        struct report r = {};
        bpf_for_each_map_elem(&port_hits, add_hits, &r, 0);
        report = r;
    }
    return bpf_map_lookup_elem(ports, &dport) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
