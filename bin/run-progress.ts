// The progress bar of `ebpfc run --pcap` on stderr: drawn (at most ten times a second) only once the
// run has taken longer than a second, on a terminal; `finish` erases it. In: packets done and total.
/** A progress bar on a terminal: drawn only once the work has taken more than `delayMs`. */
export function createProgress(write: (s: string) => void, total: number, now: () => number, delayMs = 1000): {
  tick(done: number): void;
  finish(): void;
} {
  const start = now();
  let lastDraw = 0;
  let shown = false;
  const width = 30;
  return {
    tick(done: number): void {
      const t = now();
      if (t - start < delayMs || t - lastDraw < 100) return;
      lastDraw = t;
      shown = true;
      const frac = total === 0 ? 1 : done / total;
      const fill = Math.round(frac * width);
      const rate = done / ((t - start) / 1000);
      write(`\r[${'#'.repeat(fill)}${' '.repeat(width - fill)}] ${(frac * 100).toFixed(0).padStart(3)}%  ` +
        `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} packets  ${Math.round(rate).toLocaleString('en-US')}/s`);
    },
    finish(): void {
      if (shown) write(`\r${' '.repeat(width + 60)}\r`);
    },
  };
}
