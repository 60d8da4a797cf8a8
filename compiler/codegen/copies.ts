// Sequencing of parallel copies (the phi moves placed on an edge): every source must be read before
// any destination overwrites it.
import type { Reg } from './mir.js';

/**
 * Orders parallel register copies so that no source is overwritten before it is read; a cycle is
 * broken by saving one source in a temporary from `temp`.
 */
export function sequentialize(moves: { dst: Reg; src: Reg }[], temp: (like: Reg) => Reg): { dst: Reg; src: Reg }[] {
  const pending = moves.filter((m) => m.dst !== m.src).map((m) => ({ ...m }));
  const out: { dst: Reg; src: Reg }[] = [];
  while (pending.length > 0) {
    const k = pending.findIndex((m) => !pending.some((o) => o.src === m.dst));
    if (k >= 0) {
      out.push(pending.splice(k, 1)[0] as { dst: Reg; src: Reg });
      continue;
    }
    const m = pending[0] as { dst: Reg; src: Reg };
    const t = temp(m.src);
    out.push({ dst: t, src: m.src });
    for (const o of pending) if (o.src === m.src) o.src = t;
  }
  return out;
}

