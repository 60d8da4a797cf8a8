// Options of the C → IR lowering. In: what the driver passes (-mcpu); out: the option types.
/** Target ISA version: v1–v4 (-mcpu); signed division by non-powers of two needs v4, fetching atomics v3. */
export type Cpu = 1 | 2 | 3 | 4;

export interface LowerOptions {
  /** The -mcpu the code is lowered for (default 3). */
  mcpu?: Cpu;
}
