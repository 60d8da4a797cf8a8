// Re-exports for validate.test.ts, plus a signed-division builder shorthand.
import { alu64Imm } from '../../../runtime/isa/index.js';
export * from '../../../runtime/isa/index.js';
export const sdivImm = (dst: number, imm: number) => alu64Imm('sdiv', dst, imm);
