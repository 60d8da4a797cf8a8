// Runs the ctx_in cases (fixtures/ctx_in.cases.json) of fixtures/ctx_in.o in the kernel (bpftool prog
// run with ctx_in / ctx_out, one fresh load per case) and in the VM, in the same result shape:
// {retval, data, ctx, seen} or {error}. Kernel errors are reduced to their errno name.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withBpffsDir } from '../../helpers/tools.js';
import { decodeObject } from '../../../runtime/object/index.js';
import { dumpMaps, loadObject } from '../../../runtime/loader/index.js';
import { ContextError, createContext } from '../../../runtime/context/index.js';
import { createLinuxHelpers, HelperEnv } from '../../../runtime/helpers/index.js';

export interface CtxCase {
  name: string;
  prog: string;
  hex: string;
  ctx?: string;
}

export type CtxResult = { retval: number; data: string; ctx?: string; seen: unknown } | { error: string };

const ERRNO_NAMES: Record<string, string> = {
  'Invalid argument': 'EINVAL', 'No such device': 'ENODEV', 'Argument list too long': 'E2BIG', 'Permission denied': 'EACCES',
};

export function runCtxKernel(obj: string, cases: readonly CtxCase[]): Promise<CtxResult[]> {
  const out: CtxResult[] = [];
  return (async () => {
    for (const c of cases) {
      out.push(await withBpffsDir((dir) => {
        const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-ctx-'));
        try {
          const bt = (args: string[]): string => execFileSync('taskset', ['-c', '0', 'bpftool', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
          bt(['prog', 'loadall', obj, join(dir, 'p'), 'pinmaps', join(dir, 'm')]);
          writeFileSync(join(tmp, 'in'), Buffer.from(c.hex, 'hex'));
          const args = ['prog', 'run', 'pinned', join(dir, 'p', c.prog), 'data_in', join(tmp, 'in'), 'data_out', join(tmp, 'out')];
          if (c.ctx !== undefined) {
            writeFileSync(join(tmp, 'ctx'), Buffer.from(c.ctx, 'hex'));
            args.push('ctx_in', join(tmp, 'ctx'), 'ctx_out', join(tmp, 'ctxo'));
          }
          let text: string;
          try {
            text = bt(args);
          } catch (e) {
            const msg = String((e as { stderr?: string }).stderr ?? e);
            const m = /failed to run program: (.*)/.exec(msg);
            return { error: ERRNO_NAMES[m?.[1]?.trim() ?? ''] ?? msg.trim().split('\n').pop()! };
          }
          const retval = Number(/Return value: (\d+)/.exec(text)?.[1]);
          const raw = JSON.parse(bt(['-j', 'map', 'dump', 'pinned', join(dir, 'm', 'seen')])) as { key: string[]; value: string[] }[];
          const seen = raw.map((e) => [e.key.map((b) => b.slice(2)).join(''), e.value.map((b) => b.slice(2)).join('')]);
          const r: CtxResult = { retval, data: readFileSync(join(tmp, 'out')).toString('hex'), seen };
          if (c.ctx !== undefined && existsSync(join(tmp, 'ctxo'))) r.ctx = readFileSync(join(tmp, 'ctxo')).toString('hex');
          return r;
        } finally {
          rmSync(tmp, { recursive: true, force: true });
        }
      }));
    }
    return out;
  })();
}

export function runCtxVm(obj: string, cases: readonly CtxCase[], metaMax = 255): CtxResult[] {
  const spec = decodeObject(new Uint8Array(readFileSync(obj)));
  return cases.map((c) => {
    const o = loadObject(spec, { helpers: createLinuxHelpers(), cpus: 2 });
    const lp = o.program(c.prog);
    const ctx = createContext(o.vm.mem, lp.type.name, { metaMax });
    const env = new HelperEnv({ maps: o.env });
    env.ctx = ctx;
    env.progType = lp.type.name;
    try {
      ctx.setup(Uint8Array.from(Buffer.from(c.hex, 'hex')), c.ctx === undefined ? undefined : Uint8Array.from(Buffer.from(c.ctx, 'hex')));
    } catch (e) {
      if (e instanceof ContextError) return { error: e.errno };
      throw e;
    }
    const r0 = Number(o.vm.run(lp.prog, { r1: ctx.r1, env, packet: ctx.packet }).r0 & 0xffffffffn);
    const res = ctx.result();
    const out: CtxResult = { retval: r0, data: Buffer.from(res.dataOut).toString('hex'), seen: dumpMaps(o).seen };
    if (c.ctx !== undefined) out.ctx = Buffer.from(res.ctxOut).toString('hex');
    return out;
  });
}
