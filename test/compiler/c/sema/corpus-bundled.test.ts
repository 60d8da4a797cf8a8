// The program corpus with the bundled headers (corpus.ts).
import { corpusTests } from './corpus.js';

corpusTests('bundled');
