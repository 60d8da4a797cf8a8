// End to end: every examples/*.bpf.c through ebpfc, the LLVM/bpftool readers, our VM and the kernel,
// against the kernel's run of the clang-16 -O2 object (suite.ts, harness.ts).
import { EXAMPLES } from './harness.js';
import { e2eSuite } from './suite.js';

e2eSuite('examples end to end', EXAMPLES());
