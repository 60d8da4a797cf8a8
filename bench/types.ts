// The shape of one benchmark topic for bench/index.ts.

export interface BenchContext {
  /** prints a line (or part of one) */
  out(text: string): void;
  /** the command-line arguments after `npm run bench --` */
  args: readonly string[];
}

export interface BenchModule {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}
