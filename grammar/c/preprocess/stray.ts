// Unterminated ' and " literals (the lexer turns each into one 'other' token running to the end of its
// line). In: such a token where it matters (active code, #define bodies). Out: the diagnostic clang gives.
import type { Preprocessor } from './engine.js';
import type { PPToken } from './token.js';

export function reportUnterminated(pp: Preprocessor, t: PPToken): void {
  const m = /^(?:L|u8|u|U)?(['"])/.exec(t.text);
  if (!m) return;
  if (m[1] === '"') pp.report('C1002', 'missing terminating \'"\' character', t, 1);
  else pp.report('C1003', "missing terminating ' character", t, 1);
}
