// The program corpus with the system headers, and BPF facts compared with clang-16 objects (corpus.ts).
import { corpusTests, mapFixtureTest } from './corpus.js';

corpusTests('system');
mapFixtureTest();
