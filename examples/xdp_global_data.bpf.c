// Global data in every section: a `const volatile` configuration in .rodata that user space may set
// before load, mutable state in .data, zero-initialised counters in .bss, a static lookup table, and a
// bpf_printk format string. Drops packets shorter than `min_len`, samples every `sample_every`th.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 min_len = 60;
const volatile __u32 sample_every = 4;

__u64 next_sample = 1;          /* .data */
__u64 total_packets;            /* .bss */
__u64 short_packets;            /* .bss */
static __u32 size_class[4];     /* .bss, static */

static const __u32 class_limit[4] = { 64, 128, 512, 1514 };

static __noinline __u32 classify(__u32 len)
{
    for (__u32 i = 0; i < 4; i++)
        if (len <= class_limit[i])
            return i;
    return 3;
}

SEC("xdp")
int xdp_global(struct xdp_md *ctx)
{
    __u32 len = ctx->data_end - ctx->data;

    total_packets++;
    size_class[classify(len)]++;
    if (len < min_len) {
        short_packets++;
        bpf_printk("short packet: %u bytes", len);
        return XDP_DROP;
    }
    if (total_packets == next_sample) {
        next_sample += sample_every;
        return XDP_TX;
    }
    return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
