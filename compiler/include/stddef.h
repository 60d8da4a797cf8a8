/* ebpfc bundled compiler header <stddef.h> (searched before the system directories, like clang's own):
 * size_t, ptrdiff_t, wchar_t, max_align_t, NULL and offsetof, from the target's predefined types.
 * Honors the C library's __need_size_t / __need_ptrdiff_t / __need_wchar_t / __need_NULL requests. */
#if !defined(__need_ptrdiff_t) && !defined(__need_size_t) && !defined(__need_wchar_t) && !defined(__need_NULL)
#ifndef __STDDEF_H
#define __STDDEF_H
#define __need_ptrdiff_t
#define __need_size_t
#define __need_wchar_t
#define __need_NULL
#define __ebpfc_stddef_all
#endif
#endif

#if defined(__need_ptrdiff_t) && !defined(_PTRDIFF_T)
#define _PTRDIFF_T
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#endif
#if defined(__need_size_t) && !defined(_SIZE_T)
#define _SIZE_T
typedef __SIZE_TYPE__ size_t;
#endif
#if defined(__need_wchar_t) && !defined(_WCHAR_T)
#define _WCHAR_T
typedef __WCHAR_TYPE__ wchar_t;
#endif
#if defined(__need_NULL)
#undef NULL
#define NULL ((void*)0)
#endif
#undef __need_ptrdiff_t
#undef __need_size_t
#undef __need_wchar_t
#undef __need_NULL

#ifdef __ebpfc_stddef_all
#undef __ebpfc_stddef_all
#ifndef __CLANG_MAX_ALIGN_T_DEFINED
#define __CLANG_MAX_ALIGN_T_DEFINED
typedef struct {
	long long __clang_max_align_nonce1 __attribute__((__aligned__(__alignof__(long long))));
	long double __clang_max_align_nonce2 __attribute__((__aligned__(__alignof__(long double))));
} max_align_t;
#endif
#define offsetof(t, d) __builtin_offsetof(t, d)
#endif
