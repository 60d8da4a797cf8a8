/* ebpfc bundled header <linux/stddef.h>: the uapi's struct-grouping and flexible-array helpers. */
#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H

#ifndef __always_inline
#define __always_inline __inline__
#endif

/* members reachable both directly and as the named (optionally tagged) struct NAME */
#define __struct_group_tag(TAG) TAG
#define __struct_group(TAG, NAME, ATTRS, MEMBERS...) \
	union { struct { MEMBERS } ATTRS; struct __struct_group_tag(TAG) { MEMBERS } ATTRS NAME; } ATTRS
/* a flexible array allowed alone in a union */
#define __DECLARE_FLEX_ARRAY(TYPE, NAME) struct { struct { } __empty_ ## NAME; TYPE NAME[]; }

#endif
