// What `ebpfc run` does once its flags are parsed (bin/commands/run.ts registers the command and loads
// this module only when the command runs): loads the object into the VM, applies the map updates, runs
// every packet in order against that one instance, and prints per-packet verdicts (or, for a capture, a
// summary table), the maps with --dump-maps, or the contract's JSON lines with --json. A thin layer over
// runtime/loader; formatting lives in bin/run-format.ts and bin/run-trace.ts.
import { EbpfcError } from '../runtime/errors.js';
import {
  createRunner, dumpMaps, fromHex, loadObject, toHex, updateMapHex, type PacketOutcome,
} from '../runtime/loader/index.js';
import { decodeObject } from '../runtime/object/index.js';
import { LINKTYPE, decodeCapture, encodePcap, type PacketToWrite } from '../runtime/pcap/index.js';
import { readInput, type CliIo } from './io.js';
import { num, printMaps, table, verdictName } from './run-format.js';
import { createProgress } from './run-progress.js';
import { createTracer } from './run-trace.js';

export interface RunFlags {
  prog?: string;
  progType?: string;
  packet: string[];
  pcap?: string;
  out?: string;
  mapUpdate?: string[];
  cpus: string;
  seed: string;
  xdpMetaMax: string;
  repeat: string;
  dumpMaps?: boolean;
  trace?: boolean;
  json?: boolean;
}

const STAGE = 'run';

const NOT_RUN: PacketOutcome = { kind: 'refused', error: 'not run' };

function count(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new EbpfcError(STAGE, `${flag} takes a whole number from ${min} to ${num(max)}, not "${text}"`);
  }
  return Number(text);
}

interface InputPacket {
  data: Uint8Array;
  timestampNs?: bigint;
}

function readPackets(io: CliIo, flags: RunFlags): { packets: InputPacket[]; capture: boolean } {
  if (flags.pcap !== undefined && flags.packet.length > 0) throw new EbpfcError(STAGE, 'give packets with --packet or with --pcap, not both');
  if (flags.pcap !== undefined) {
    const cap = decodeCapture(readInput(io, flags.pcap, STAGE));
    const bad = cap.packets.find((p) => cap.interfaces[p.interfaceId]?.linkType !== LINKTYPE.LINKTYPE_ETHERNET);
    if (bad !== undefined) {
      throw new EbpfcError(STAGE, `${flags.pcap}: link type ${cap.interfaces[bad.interfaceId]?.linkType} is not Ethernet (the programs see Ethernet frames)`);
    }
    return { packets: cap.packets, capture: true };
  }
  return {
    packets: flags.packet.map((h, i) => ({ data: fromHex(h, STAGE, `--packet #${i + 1}`) })),
    capture: false,
  };
}

function outcomeJson(o: PacketOutcome): string {
  switch (o.kind) {
    case 'ok': {
      // `packet` runs from data to data_end (the contract); XDP metadata in front of it, which the
      // kernel's test run returns as part of data_out, is given separately as `meta` when present
      const metaLen = o.packet.length - o.frame.length;
      const line: Record<string, unknown> = { retval: o.retval, packet: toHex(o.frame) };
      if (metaLen > 0) line.meta = toHex(o.packet.subarray(0, metaLen));
      return JSON.stringify(line);
    }
    case 'refused':
      return JSON.stringify({ error: o.error });
    case 'fault':
      return JSON.stringify({ error: o.error, pc: o.pc });
    default: {
      const never: never = o;
      return never;
    }
  }
}

export function run(io: CliIo, objPath: string, flags: RunFlags): void {
  const cpus = count('--cpus', flags.cpus, 1, 4096);
  const repeat = count('--repeat', flags.repeat, 1, 100_000_000);
  const updates = flags.mapUpdate ?? [];
  if (updates.length % 3 !== 0) {
    throw new EbpfcError(STAGE, `--map-update takes three values (MAP KEYHEX VALUEHEX), got ${updates.length % 3} extra: ${updates.slice(-(updates.length % 3)).join(' ')}`);
  }
  const { packets, capture } = readPackets(io, flags);
  if (packets.length === 0 && flags.dumpMaps !== true) throw new EbpfcError(STAGE, 'no packets: give --packet HEX or --pcap FILE (or --dump-maps to see the maps)');
  const spec = decodeObject(readInput(io, objPath, STAGE));
  const obj = loadObject(spec, { cpus, ...(flags.progType !== undefined ? { progType: flags.progType } : {}) });
  const prog = obj.program(flags.prog);
  for (let i = 0; i < updates.length; i += 3) updateMapHex(obj, updates[i]!, updates[i + 1]!, updates[i + 2]!);
  // with --json, stdout holds only the contract's JSON lines: the trace goes to stderr
  const traceOut = (l: string): void => (flags.json === true ? io.stderr(l) : io.stdout(l));
  const tracer = flags.trace === true ? createTracer(traceOut) : undefined;
  const seed = count('--seed', flags.seed, 0, 0xffffffff);
  const xdpMetaMax = count('--xdp-meta-max', flags.xdpMetaMax, 32, 255);
  if (xdpMetaMax !== 32 && xdpMetaMax !== 255) throw new EbpfcError(STAGE, `--xdp-meta-max is 32 or 255, not ${xdpMetaMax}`);
  const runner = createRunner(obj, prog, {
    seed,
    xdpMetaMax,
    onTrace: (rec) => io.stderr(`${rec.line}\n`),
    ...(tracer !== undefined ? { trace: tracer.trace } : {}),
  });

  const json = flags.json === true;
  const progress = capture && !json && io.stderrIsTty ? createProgress((s) => io.stderr(s), packets.length, () => Date.now()) : undefined;
  const out: PacketToWrite[] = [];
  // outcomes by return value (-1: refused, -2: VM fault) in order of first occurrence; labelled at the end
  const tally = new Map<number, number>();
  const t0 = Date.now();
  let insns = 0;
  if (!json) io.stdout(`${prog.name} (${prog.type.name}, section ${prog.section}): ${num(packets.length)} packet${packets.length === 1 ? '' : 's'}` +
    `${repeat > 1 ? ` × ${num(repeat)} runs` : ''} on CPU 0 of ${cpus}\n`);
  const wantPacket = json || !capture || flags.out !== undefined;
  const timed = !json && !capture && repeat > 1;
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    let o: PacketOutcome = NOT_RUN;
    const start = timed ? performance.now() : 0;
    for (let r = 0; r < repeat; r++) {
      if (tracer !== undefined) {
        tracer.reset();
        traceOut(`# packet ${i + 1}${repeat > 1 ? ` run ${r + 1}` : ''}\n`);
      }
      o = runner.run(p.data, r === repeat - 1 && wantPacket);
      if (o.kind === 'ok') insns += o.insns;
      tracer?.flush(o.kind === 'ok' ? `→ return ${o.retval}` : o.kind === 'fault' ? `→ ${o.fault.kind}` : '');
    }
    if (o.kind === 'ok' && flags.out !== undefined) out.push({ data: o.frame, ...(p.timestampNs !== undefined ? { timestampNs: p.timestampNs } : {}) });
    const key = o.kind === 'ok' ? o.retval : o.kind === 'refused' ? -1 : -2;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    if (json) io.stdout(`${outcomeJson(o)}\n`);
    else if (!capture) {
      const timing = repeat > 1 ? ` (${num(repeat)} runs, ${num(Math.round(((performance.now() - start) * 1e6) / repeat))} ns/run)` : '';
      io.stdout(packetLine(i, p.data, o, prog.type.progType).replace(/\n$/, `${timing}\n`));
    }
    progress?.tick(i + 1);
  }
  progress?.finish();
  const seconds = (Date.now() - t0) / 1000;

  if (flags.out !== undefined) io.writeFile(flags.out, encodePcap(out));
  if (json) {
    if (flags.dumpMaps === true) io.stdout(`${JSON.stringify({ maps: dumpMaps(obj) })}\n`);
    return;
  }
  if (capture && packets.length > 0) {
    const counts = new Map<string, number>();
    for (const [key, n] of tally) {
      const label = key === -1 ? 'refused by the test run' : key === -2 ? 'VM fault' : verdictName(prog.type.progType, key);
      counts.set(label, (counts.get(label) ?? 0) + n);
    }
    const rows = [['verdict', 'packets', '%']];
    for (const [label, n] of [...counts].sort((a, b) => b[1] - a[1])) rows.push([label, num(n), ((100 * n) / packets.length).toFixed(1)]);
    io.stdout(table(rows));
    const runs = packets.length * repeat;
    io.stdout(`  ${num(runs)} runs in ${seconds.toFixed(2)} s (${num(Math.round(runs / Math.max(seconds, 1e-3)))} packets/s, ` +
      `${num(Math.round(insns / Math.max(runs, 1)))} instructions per run)\n`);
  }
  if (flags.out !== undefined) io.stdout(`wrote ${num(out.length)} packet${out.length === 1 ? '' : 's'} to ${flags.out}\n`);
  if (flags.dumpMaps === true) io.stdout(printMaps(obj));
}

function packetLine(i: number, input: Uint8Array, o: PacketOutcome, progType: number): string {
  const head = `  #${i + 1}`.padEnd(6);
  if (o.kind === 'refused') return `${head}${o.error}\n`;
  if (o.kind === 'fault') return `${head}fault: ${o.error}\n`;
  const v = verdictName(progType, o.retval).padEnd(14);
  const same = o.packet.length === input.length && o.packet.every((b, k) => b === input[k]);
  if (same) return `${head}${v} ${num(input.length)} bytes\n`;
  const shown = toHex(o.packet.subarray(0, 64));
  return `${head}${v} ${num(input.length)} → ${num(o.packet.length)} bytes, changed: ${shown}${o.packet.length > 64 ? '…' : ''}\n`;
}

