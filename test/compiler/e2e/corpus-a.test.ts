// End to end: the first half of the program corpus (test/fixtures/corpus, by name) through ebpfc, the
// LLVM/bpftool readers, our VM and the kernel, against the kernel's run of the clang-16 -O2 object.
// The corpus is split in two files so that the halves run in parallel.
import { CORPUS } from './harness.js';
import { e2eSuite } from './suite.js';

const all = CORPUS();
e2eSuite('program corpus end to end (first half)', all.slice(0, Math.ceil(all.length / 2)));
