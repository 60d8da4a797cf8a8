// The capture progress bar: nothing for runs shorter than a second, then at most ten redraws a second,
// erased at the end.
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../bin/run-progress.js';

describe('run progress bar', () => {
  it('stays hidden for the first second, then redraws at most every 100 ms and erases itself', () => {
    let now = 0;
    let out = '';
    const p = createProgress((s) => (out += s), 1000, () => now);
    for (let done = 1; done <= 1000; done++) {
      now = done * 2; // 2 ms per packet: 2 s in all
      p.tick(done);
    }
    const frames = out.split('\r').filter((f) => f.startsWith('['));
    expect(frames.length).toBe(11); // at 1.0 s, 1.1 s, …, 2.0 s
    expect(frames[0]).toBe('[###############               ]  50%  500/1,000 packets  500/s');
    expect(frames.at(-1)).toBe('[##############################] 100%  1,000/1,000 packets  500/s');
    out = '';
    p.finish();
    expect(out).toMatch(/^\r {90}\r$/);
  });

  it('draws nothing when the run is quick', () => {
    let out = '';
    const p = createProgress((s) => (out += s), 10, () => 5);
    for (let i = 1; i <= 10; i++) p.tick(i);
    p.finish();
    expect(out).toBe('');
  });
});
