// Helper-call micro-benchmark for bench/run-parts.ts: one XDP program per map operation, each making
// CALLS calls in a row (the key varies with the packet's first byte so the calls cannot be merged), plus
// a program with no call, whose time is subtracted. Build: clang-16 -O2 -g -target bpf -c.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define CALLS 16

struct lpm_key {
    __u32 prefixlen;
    __u8 addr[4];
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} arr SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} pcpu_arr SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u64);
} pcpu_hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(max_entries, 64);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __type(key, struct lpm_key);
    __type(value, __u64);
} lpm SEC(".maps");

static __always_inline __u32 seed(struct xdp_md *ctx)
{
    __u8 *p = (void *)(long)ctx->data;
    if ((void *)(p + 1) > (void *)(long)ctx->data_end)
        return 0;
    return *p;
}

#define LOOKUPS(MAP, KEY)                                                                                   \
    do {                                                                                                    \
        _Pragma("unroll") for (int i = 0; i < CALLS; i++) {                                                 \
            __u64 *v = bpf_map_lookup_elem(&MAP, &KEY);                                                     \
            if (v)                                                                                          \
                n += *v;                                                                                    \
            KEY += 1;                                                                                       \
        }                                                                                                   \
    } while (0)

SEC("xdp")
int none(struct xdp_md *ctx)
{
    return seed(ctx) & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int array_lookup(struct xdp_md *ctx)
{
    __u32 k = seed(ctx) & 31;
    __u64 n = 0;
    LOOKUPS(arr, k);
    return n & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int percpu_array_lookup(struct xdp_md *ctx)
{
    __u32 k = seed(ctx) & 31;
    __u64 n = 0;
    LOOKUPS(pcpu_arr, k);
    return n & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int hash_lookup(struct xdp_md *ctx)
{
    __u32 k = seed(ctx) & 31;
    __u64 n = 0;
    LOOKUPS(hash, k);
    return n & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int lpm_lookup(struct xdp_md *ctx)
{
    struct lpm_key key = { .prefixlen = 32, .addr = { 10, 0, 0, 0 } };
    __u64 n = 0;
    key.addr[3] = seed(ctx);
    _Pragma("unroll") for (int i = 0; i < CALLS; i++) {
        __u64 *v = bpf_map_lookup_elem(&lpm, &key);
        if (v)
            n += *v;
        key.addr[2] += 1;
    }
    return n & 1 ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int hash_update(struct xdp_md *ctx)
{
    __u32 k = seed(ctx) & 31;
    __u64 v = k;
    __u64 n = 0;
    _Pragma("unroll") for (int i = 0; i < CALLS; i++) {
        n += bpf_map_update_elem(&hash, &k, &v, BPF_ANY);
        k += 1;
    }
    return n & 1 ? XDP_PASS : XDP_DROP;
}

/* pcpu_hash holds 4 keys: inserting others fails with E2BIG (a full flow table) */
SEC("xdp")
int percpu_hash_update_full(struct xdp_md *ctx)
{
    __u32 k = (seed(ctx) & 31) + 100;
    __u64 v = k;
    __u64 n = 0;
    _Pragma("unroll") for (int i = 0; i < CALLS; i++) {
        n += bpf_map_update_elem(&pcpu_hash, &k, &v, BPF_NOEXIST);
        k += 1;
    }
    return n & 1 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
