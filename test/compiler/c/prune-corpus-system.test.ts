// Pruned and whole parses of every example and corpus program with the system headers (prune-corpus.ts).
import { existsSync } from 'node:fs';
import { pruneCorpusTests } from './prune-corpus.js';

pruneCorpusTests('system', existsSync('/usr/include/linux/bpf.h') && existsSync('/usr/include/bpf/bpf_helpers.h'));
