/* ebpfc bundled header <linux/pkt_cls.h>, program-facing subset: the verdicts a tc classifier or
 * action returns (TC_ACT_*), the extended verdict encoding, and the cls_bpf and classifier flags.
 * The netlink attribute enums used to configure classifiers are left to user space. */
#ifndef __LINUX_PKT_CLS_H
#define __LINUX_PKT_CLS_H

#include <linux/types.h>
#include <linux/pkt_sched.h>

#define TC_COOKIE_MAX_SIZE 16

/* verdicts */
#define TC_ACT_UNSPEC     (-1)
#define TC_ACT_OK         0
#define TC_ACT_RECLASSIFY 1
#define TC_ACT_SHOT       2
#define TC_ACT_PIPE       3
#define TC_ACT_STOLEN     4
#define TC_ACT_QUEUED     5
#define TC_ACT_REPEAT     6
#define TC_ACT_REDIRECT   7
#define TC_ACT_TRAP       8
#define TC_ACT_VALUE_MAX  TC_ACT_TRAP

/* extended verdicts: an opcode in the top 4 bits, a value in the low 28 */
#define __TC_ACT_EXT_SHIFT 28
#define __TC_ACT_EXT(local) ((local) << __TC_ACT_EXT_SHIFT)
#define TC_ACT_EXT_VAL_MASK ((1 << __TC_ACT_EXT_SHIFT) - 1)
#define TC_ACT_EXT_OPCODE(combined) ((combined) & (~TC_ACT_EXT_VAL_MASK))
#define TC_ACT_EXT_CMP(combined, opcode) (TC_ACT_EXT_OPCODE(combined) == opcode)
#define TC_ACT_JUMP __TC_ACT_EXT(1)
#define TC_ACT_GOTO_CHAIN __TC_ACT_EXT(2)
#define TC_ACT_EXT_OPCODE_MAX TC_ACT_GOTO_CHAIN

#define TC_POLICE_UNSPEC     TC_ACT_UNSPEC
#define TC_POLICE_OK         TC_ACT_OK
#define TC_POLICE_RECLASSIFY TC_ACT_RECLASSIFY
#define TC_POLICE_SHOT       TC_ACT_SHOT
#define TC_POLICE_PIPE       TC_ACT_PIPE

#define TCA_ACT_FLAGS_NO_PERCPU_STATS (1 << 0)
#define TCA_ACT_FLAGS_SKIP_HW         (1 << 1)
#define TCA_ACT_FLAGS_SKIP_SW         (1 << 2)
#define TCA_ACT_HW_STATS_IMMEDIATE    (1 << 0)
#define TCA_ACT_HW_STATS_DELAYED      (1 << 1)

#define TCA_CLS_FLAGS_SKIP_HW   (1 << 0)
#define TCA_CLS_FLAGS_SKIP_SW   (1 << 1)
#define TCA_CLS_FLAGS_IN_HW     (1 << 2)
#define TCA_CLS_FLAGS_NOT_IN_HW (1 << 3)
#define TCA_CLS_FLAGS_VERBOSE   (1 << 4)

/* cls_bpf: direct-action mode makes the classifier's return value the action verdict */
#define TCA_BPF_FLAG_ACT_DIRECT (1 << 0)
enum {
	TCA_BPF_UNSPEC, TCA_BPF_ACT, TCA_BPF_POLICE, TCA_BPF_CLASSID, TCA_BPF_OPS_LEN, TCA_BPF_OPS, TCA_BPF_FD,
	TCA_BPF_NAME, TCA_BPF_FLAGS, TCA_BPF_FLAGS_GEN, TCA_BPF_TAG, TCA_BPF_ID, __TCA_BPF_MAX,
};
#define TCA_BPF_MAX (__TCA_BPF_MAX - 1)

#endif
