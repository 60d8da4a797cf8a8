/* ebpfc bundled header <asm/ptrace.h>: the x86-64 register frame a kprobe program receives, as the
 * uapi lays it out (bpf_tracing.h's PT_REGS_* macros read it with __TARGET_ARCH_x86). */
#ifndef _ASM_X86_PTRACE_H
#define _ASM_X86_PTRACE_H

struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi, orig_rax, rip;
	unsigned long cs, eflags, rsp, ss;
};

#endif
