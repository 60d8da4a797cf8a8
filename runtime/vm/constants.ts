// VM limits and encodings shared by the run machinery and both execution tiers (kernel values where
// the kernel has one: MAX_CALL_FRAMES, MAX_BPF_STACK, MAX_TAIL_CALL_CNT).

/** Nested call frames (kernel MAX_CALL_FRAMES). */
export const MAX_CALL_FRAMES = 8;
/** Stack bytes per frame (kernel MAX_BPF_STACK). */
export const STACK_SIZE = 512;
/** Tail calls per run (kernel MAX_TAIL_CALL_CNT). */
export const MAX_TAIL_CALL_CNT = 33;
/** Instructions per run unless configured otherwise. */
export const DEFAULT_BUDGET = 1_000_000;
/**
 * High word of a function value (ld_imm64 BPF_PSEUDO_FUNC): FUNC_TAG | program id; the low word is
 * the target pc. Never a valid address (addresses have a zero high word).
 */
export const FUNC_TAG = 0x7fe00000;
/** Int32 slots per saved frame in RunState.fr: return pc, r6..r9 lo/hi, r10 lo/hi, padding. */
export const FRAME_STRIDE = 12;
