/* ebpfc bundled header <asm/types.h>: the kernel's fixed-width integer types for the BPF target
 * (LP64, little-endian) and __BITS_PER_LONG, which is 64 here as BPF's long is 64 bits wide. */
#ifndef _ASM_GENERIC_INT_LL64_H
#define _ASM_GENERIC_INT_LL64_H

#ifndef __BITS_PER_LONG
#define __BITS_PER_LONG (__CHAR_BIT__ * __SIZEOF_LONG__)
#endif
#ifndef __BITS_PER_LONG_LONG
#define __BITS_PER_LONG_LONG 64
#endif

typedef __signed__ char __s8;
typedef unsigned char __u8;
typedef __signed__ short __s16;
typedef unsigned short __u16;
typedef __signed__ int __s32;
typedef unsigned int __u32;
__extension__ typedef __signed__ long long __s64;
__extension__ typedef unsigned long long __u64;

#endif
