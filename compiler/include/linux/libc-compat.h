/* ebpfc bundled header <linux/libc-compat.h>: the __UAPI_DEF_* switches by which a uapi header leaves
 * out what a C library header included before it already defined. BPF programs normally include no C
 * library, so everything defaults to 1; glibc's <netinet/in.h> and <net/if.h> switch their part off. */
#ifndef _LIBC_COMPAT_H
#define _LIBC_COMPAT_H

#if defined(__GLIBC__) && defined(_NETINET_IN_H)
#define __EBPFC_UAPI_IN 0
#else
#define __EBPFC_UAPI_IN 1
#endif
#if defined(__GLIBC__) && defined(_NET_IF_H) && defined(__USE_MISC)
#define __EBPFC_UAPI_IF 0
#else
#define __EBPFC_UAPI_IF 1
#endif

#ifndef __UAPI_DEF_IF_IFCONF
#define __UAPI_DEF_IF_IFCONF __EBPFC_UAPI_IF
#endif
#ifndef __UAPI_DEF_IF_IFMAP
#define __UAPI_DEF_IF_IFMAP __EBPFC_UAPI_IF
#endif
#ifndef __UAPI_DEF_IF_IFNAMSIZ
#define __UAPI_DEF_IF_IFNAMSIZ __EBPFC_UAPI_IF
#endif
#ifndef __UAPI_DEF_IF_IFREQ
#define __UAPI_DEF_IF_IFREQ __EBPFC_UAPI_IF
#endif
#ifndef __UAPI_DEF_IF_NET_DEVICE_FLAGS
#define __UAPI_DEF_IF_NET_DEVICE_FLAGS __EBPFC_UAPI_IF
#endif
#ifndef __UAPI_DEF_IF_NET_DEVICE_FLAGS_LOWER_UP_DORMANT_ECHO
#define __UAPI_DEF_IF_NET_DEVICE_FLAGS_LOWER_UP_DORMANT_ECHO 1
#endif
#ifndef __UAPI_DEF_IN_ADDR
#define __UAPI_DEF_IN_ADDR __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IN_IPPROTO
#define __UAPI_DEF_IN_IPPROTO __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IN_PKTINFO
#define __UAPI_DEF_IN_PKTINFO __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IP_MREQ
#define __UAPI_DEF_IP_MREQ __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_SOCKADDR_IN
#define __UAPI_DEF_SOCKADDR_IN __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IN_CLASS
#define __UAPI_DEF_IN_CLASS __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IN6_ADDR
#define __UAPI_DEF_IN6_ADDR __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IN6_ADDR_ALT
#if defined(__GLIBC__) && defined(_NETINET_IN_H) && (defined(__USE_MISC) || defined(__USE_GNU))
#define __UAPI_DEF_IN6_ADDR_ALT 0
#else
#define __UAPI_DEF_IN6_ADDR_ALT 1
#endif
#endif
#ifndef __UAPI_DEF_SOCKADDR_IN6
#define __UAPI_DEF_SOCKADDR_IN6 __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IPV6_MREQ
#define __UAPI_DEF_IPV6_MREQ __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IPPROTO_V6
#define __UAPI_DEF_IPPROTO_V6 __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IPV6_OPTIONS
#define __UAPI_DEF_IPV6_OPTIONS __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IN6_PKTINFO
#define __UAPI_DEF_IN6_PKTINFO __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_IP6_MTUINFO
#define __UAPI_DEF_IP6_MTUINFO __EBPFC_UAPI_IN
#endif
#ifndef __UAPI_DEF_SOCKADDR_IPX
#define __UAPI_DEF_SOCKADDR_IPX 1
#endif
#ifndef __UAPI_DEF_IPX_ROUTE_DEFINITION
#define __UAPI_DEF_IPX_ROUTE_DEFINITION 1
#endif
#ifndef __UAPI_DEF_IPX_INTERFACE_DEFINITION
#define __UAPI_DEF_IPX_INTERFACE_DEFINITION 1
#endif
#ifndef __UAPI_DEF_IPX_CONFIG_DATA
#define __UAPI_DEF_IPX_CONFIG_DATA 1
#endif
#ifndef __UAPI_DEF_IPX_ROUTE_DEF
#define __UAPI_DEF_IPX_ROUTE_DEF 1
#endif
#ifndef __UAPI_DEF_XATTR
#define __UAPI_DEF_XATTR 1
#endif

#endif
