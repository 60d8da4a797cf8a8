import { describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli.js';
import { memoryIo } from '../helpers/io.js';

describe('ebpfc CLI', () => {
  it('prints help and exits 0', async () => {
    const io = memoryIo();
    const code = await runCli(['--help'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('Usage: ebpfc');
  });

  it('rejects an unknown command with exit 1', async () => {
    const io = memoryIo();
    const code = await runCli(['frobnicate'], io);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^error: /);
  });
});
