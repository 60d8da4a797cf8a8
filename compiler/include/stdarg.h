/* ebpfc bundled compiler header <stdarg.h>: va_list and its macros on the compiler builtins (BPF
 * functions cannot be variadic; the declarations still compile). */
#ifndef __STDARG_H
#define __STDARG_H

#ifndef __GNUC_VA_LIST
#define __GNUC_VA_LIST
typedef __builtin_va_list __gnuc_va_list;
#endif
#ifndef _VA_LIST
#define _VA_LIST
typedef __builtin_va_list va_list;
#endif
#define va_start(ap, param) __builtin_va_start(ap, param)
#define va_end(ap) __builtin_va_end(ap)
#define va_arg(ap, type) __builtin_va_arg(ap, type)
#define __va_copy(d, s) __builtin_va_copy(d, s)
#define va_copy(dest, src) __builtin_va_copy(dest, src)

#endif
