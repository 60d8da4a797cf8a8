// Pruned and whole parses of every example and corpus program with the bundled headers (prune-corpus.ts).
import { pruneCorpusTests } from './prune-corpus.js';

pruneCorpusTests('bundled', true);
