/* ebpfc bundled header <linux/pkt_sched.h>, program-facing subset: the priority bands and the
 * major:minor traffic-control handles a tc program reads from or writes to skb->priority and
 * skb->tc_classid. Queueing-discipline configuration (netlink attributes) is left to user space. */
#ifndef __LINUX_PKT_SCHED_H
#define __LINUX_PKT_SCHED_H

#include <linux/const.h>
#include <linux/types.h>

#define TC_PRIO_BESTEFFORT       0
#define TC_PRIO_FILLER           1
#define TC_PRIO_BULK             2
#define TC_PRIO_INTERACTIVE_BULK 4
#define TC_PRIO_INTERACTIVE      6
#define TC_PRIO_CONTROL          7
#define TC_PRIO_MAX              15

/* a handle is major (high 16 bits) : minor (low 16 bits) */
#define TC_H_MAJ_MASK (0xFFFF0000U)
#define TC_H_MIN_MASK (0x0000FFFFU)
#define TC_H_MAJ(h) ((h)&TC_H_MAJ_MASK)
#define TC_H_MIN(h) ((h)&TC_H_MIN_MASK)
#define TC_H_MAKE(maj,min) (((maj)&TC_H_MAJ_MASK)|((min)&TC_H_MIN_MASK))
#define TC_H_UNSPEC       (0U)
#define TC_H_ROOT         (0xFFFFFFFFU)
#define TC_H_INGRESS      (0xFFFFFFF1U)
#define TC_H_CLSACT       TC_H_INGRESS
#define TC_H_MIN_PRIORITY 0xFFE0U
#define TC_H_MIN_INGRESS  0xFFF2U
#define TC_H_MIN_EGRESS   0xFFF3U

#endif
