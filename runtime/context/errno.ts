// Error numbers the contexts and helpers return, negated, as the kernel's helpers do (values from
// include/uapi/asm-generic/errno-base.h, errno.h and include/linux/errno.h for the kernel-internal
// ENOTSUPP). A helper's r0 is then the 64-bit two's complement of the negative number.
export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  E2BIG: 7,
  EBADF: 9,
  EAGAIN: 11,
  ENOMEM: 12,
  EACCES: 13,
  EFAULT: 14,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  ERANGE: 34,
  EPROTO: 71,
  EOVERFLOW: 75,
  EOPNOTSUPP: 95,
  EALREADY: 114,
  ENOTSUPP: 524,
} as const;
