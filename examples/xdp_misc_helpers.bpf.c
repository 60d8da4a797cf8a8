// The general-purpose helpers, used so that results do not depend on when or where the program runs:
// a "cmd=<number>" UDP payload is parsed with bpf_strtol / bpf_strtoul (signed, unsigned, base 0 and
// 16, errors), formatted back with bpf_snprintf into a .bss buffer, and logged with bpf_printk; the
// clocks (bpf_ktime_get_ns, bpf_ktime_get_boot_ns, bpf_jiffies64) are only compared with themselves,
// bpf_get_prandom_u32 is only counted, bpf_get_smp_processor_id tells the CPU (0 in the tests), and
// bpf_probe_read_kernel copies from the stack and fails, zero-filling, on a bad address; the xdp_md
// ingress_ifindex and rx_queue_index fields are recorded too.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct parsed {
    __s64 strtol_ret;
    __s64 strtol_val;
    __s64 strtoul_ret;
    __u64 strtoul_val;
    __s64 hex_ret;
    __u64 hex_val;
    __s64 snprintf_ret;
    __u32 cpu;
    __u32 clocks_ok;
    __s64 probe_ok_ret;
    __u64 probe_ok_val;
    __s64 probe_bad_ret;
    __u64 probe_bad_val;
    __u32 ingress_ifindex;
    __u32 rx_queue_index;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct parsed);
} last SEC(".maps");

char text[48];
__u64 random_calls, commands;

SEC("xdp")
int xdp_misc_helpers(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *data_end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    __u32 zero = 0;

    __u64 t0 = bpf_ktime_get_ns(), b0 = bpf_ktime_get_boot_ns(), j0 = bpf_jiffies64();
    bpf_get_prandom_u32();
    random_calls++;
    struct parsed *p = bpf_map_lookup_elem(&last, &zero);
    if (!p)
        return XDP_ABORTED;
    p->cpu = bpf_get_smp_processor_id();
    p->ingress_ifindex = ctx->ingress_ifindex;
    p->rx_queue_index = ctx->rx_queue_index;

    __u64 local = 0x1122334455667788ULL, copy = 0;
    p->probe_ok_ret = bpf_probe_read_kernel(&copy, sizeof(copy), &local);
    p->probe_ok_val = copy;
    copy = 0xffffffffffffffffULL;
    p->probe_bad_ret = bpf_probe_read_kernel(&copy, sizeof(copy), (void *)16);
    p->probe_bad_val = copy;

    if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > data_end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
        return XDP_PASS;
    struct udphdr *udp = (void *)(ip + 1);
    char *cmd = (void *)(udp + 1);
    if ((void *)(cmd + 16) > data_end || cmd[0] != 'c' || cmd[1] != 'm' || cmd[2] != 'd' || cmd[3] != '=')
        return XDP_PASS;

    char buf[12];
    __builtin_memcpy(buf, cmd + 4, sizeof(buf));
    long lv = 0;
    unsigned long uv = 0, hv = 0;
    p->strtol_ret = bpf_strtol(buf, sizeof(buf), 0, &lv);
    p->strtol_val = lv;
    p->strtoul_ret = bpf_strtoul(buf, sizeof(buf), 10, &uv);
    p->strtoul_val = uv;
    p->hex_ret = bpf_strtoul(buf, sizeof(buf), 16, &hv);
    p->hex_val = hv;

    static const char fmt[] = "cmd %ld (%lu) hex %lx cpu %u";
    __u64 args[4] = { lv, uv, hv, p->cpu };
    p->snprintf_ret = bpf_snprintf(text, sizeof(text), fmt, args, sizeof(args));
    bpf_printk("command %ld from %pI4", lv, &ip->saddr);
    commands++;

    __u64 t1 = bpf_ktime_get_ns(), b1 = bpf_ktime_get_boot_ns(), j1 = bpf_jiffies64();
    p->clocks_ok = (t1 >= t0) + (b1 >= b0) * 2 + (j1 >= j0) * 4;
    return lv < 0 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
