/* ebpfc bundled header <linux/ptrace.h>, BPF subset: struct pt_regs through <asm/ptrace.h>. The ptrace
 * system call's request numbers and structures are for user space and left out. */
#ifndef _LINUX_PTRACE_H
#define _LINUX_PTRACE_H

#include <linux/types.h>
#include <asm/ptrace.h>

#endif
