// End to end: the second half of the program corpus (test/fixtures/corpus, by name); see corpus-a.
import { CORPUS } from './harness.js';
import { e2eSuite } from './suite.js';

const all = CORPUS();
e2eSuite('program corpus end to end (second half)', all.slice(Math.ceil(all.length / 2)));
