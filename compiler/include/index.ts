// The bundled headers: our own compact versions of the kernel uapi and libbpf headers a BPF program
// includes (linux/bpf.h, linux/if_ether.h, …, bpf/bpf_helpers.h, bpf/bpf_helper_defs.h, …), searched
// after the system directories so that a machine without kernel headers compiles the same programs.
// In: nothing. Out: path → text, as embedded by scripts/gen-bundled-headers.mjs.
export { BUNDLED_HEADERS } from './bundled.js';
