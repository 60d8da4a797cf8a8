// loadObject(): an ObjectSpec in, a LoadedObject out — the maps created in a VM's address space, every
// entry program linked (subprograms appended), relocated (map handles, global-data addresses, calls and
// callbacks) and loaded into the VM, and the prog arrays initialised from `.rel.maps`. It is libbpf's
// bpf_object__load on our machine: same program layout, same map contents, same failures (as LoadError
// with stage "load maps", "load relocations" or "load programs").
//
// Ids: maps and programs get 1-based ids in creation order (maps in `.maps` order, then global data in
// section order; programs in section order). User space writes these ids where the kernel takes a file
// descriptor: a prog-array value is a program id, a map-in-map value a map id.
import { EbpfcError } from '../errors.js';
import type { Insn } from '../isa/index.js';
import { ArrayMap, ProgArrayMap, type MapEnv } from '../maps/index.js';
import { decodeObject, entryPrograms, type ObjectSpec } from '../object/index.js';
import { BPF_FUNC_tail_call, createVm, PERM, REGION_KIND, VmFault, type HelperRegistry, type Program, type Tier, type Vm } from '../vm/index.js';
import { checkHelperCalls, createLinuxHelpers } from '../helpers/index.js';
import { isGplCompatible } from './contexts.js';
import { LoadError, LOAD_STAGE } from './errors.js';
import { linkProgram, type LinkedProgram } from './link.js';
import { createObjectMaps, regionMapMemory, type LoadedMap } from './maps.js';
import { parseProgType, progTypeOfSection, type ProgTypeInfo } from './prog-type.js';

export interface LoadOptions {
  /** The VM to load into; by default a new one is made from the options below. */
  vm?: Vm;
  /** Number of possible CPUs (one value per CPU in per-CPU maps); default 1. */
  cpus?: number;
  /** Program type of every program, as `bpftool prog load … type T` takes it; overrides section names. */
  progType?: string;
  /** Helpers the programs may call (a new VM only); default the Linux helpers of runtime/helpers. */
  helpers?: HelperRegistry;
  /** Largest VM address space in bytes (a new VM only; default the VM's, about 2 GiB). */
  maxMemory?: number;
  /** Execution tier and instruction budget per run of a new VM (random seeds are per runner). */
  tier?: Tier;
  budget?: number;
}

/** A program of a loaded object. */
export interface LoadedProgram {
  /** 1-based id (what user space reads back from a prog-array slot). */
  id: number;
  /** Function name. */
  name: string;
  section: string;
  type: ProgTypeInfo;
  linked: LinkedProgram;
  /** The program in the VM. */
  prog: Program;
}

export class LoadedObject {
  constructor(
    readonly spec: ObjectSpec,
    readonly vm: Vm,
    /** The maps' shared environment: set `env.cpu` to the CPU a run is on. */
    readonly env: MapEnv,
    readonly maps: readonly LoadedMap[],
    readonly programs: readonly LoadedProgram[],
    /** Entry programs of `?`-prefixed sections, which libbpf does not load ("autoload" off). */
    readonly notLoaded: readonly string[] = [],
  ) {}

  /** The license string ("GPL", "Dual BSD/GPL"), or undefined when the object has none. */
  get license(): string | undefined {
    return this.spec.license?.text;
  }

  /** The map (or global-data section) named `name`. */
  map(name: string): LoadedMap | undefined {
    return this.maps.find((m) => m.name === name);
  }

  /** The map whose handle is `addr` (what a program passes to map helpers). */
  mapByHandle(addr: number): LoadedMap | undefined {
    return this.maps.find((m) => m.handle === addr);
  }

  /**
   * The program named `name` (a function name, or a section name holding exactly one program); without
   * a name, the object's only program. Throws EbpfcError (stage "load programs") listing the choices.
   */
  program(name?: string): LoadedProgram {
    const list = this.programs.map((p) => p.name).join(', ') || 'none';
    if (name === undefined) {
      if (this.programs.length === 1) return this.programs[0]!;
      throw new LoadError(LOAD_STAGE.programs, this.programs.length === 0
        ? 'the object has no programs'
        : `the object has ${this.programs.length} programs (${list}); choose one by name`);
    }
    const byName = this.programs.find((p) => p.name === name);
    if (byName !== undefined) return byName;
    if (this.notLoaded.includes(name)) {
      throw new LoadError(LOAD_STAGE.programs, `program "${name}" is in a section whose name starts with '?', which libbpf does not load`);
    }
    const inSection = this.programs.filter((p) => p.section === name);
    if (inSection.length === 1) return inSection[0]!;
    if (inSection.length > 1) {
      throw new LoadError(LOAD_STAGE.programs, `section "${name}" holds ${inSection.length} programs (${inSection.map((p) => p.name).join(', ')}); choose one by name`);
    }
    throw new LoadError(LOAD_STAGE.programs, `no program named "${name}" (programs: ${list})`);
  }
}

/** Loads `object` — an ObjectSpec or the bytes of an ELF object (see the file comment). */
export function loadObject(object: ObjectSpec | Uint8Array, opts: LoadOptions = {}): LoadedObject {
  const spec = object instanceof Uint8Array ? decodeObject(object) : object;
  const cpus = opts.cpus ?? 1;
  if (!Number.isInteger(cpus) || cpus < 1 || cpus > 4096) throw new EbpfcError('load', `bad CPU count ${cpus} (1 to 4096)`);
  const forced = opts.progType === undefined ? undefined : parseProgType(opts.progType);
  if (opts.progType !== undefined && forced === undefined) throw new EbpfcError('load', `unknown program type "${opts.progType}"`);
  const vm = opts.vm ?? createVm({
    cpus,
    helpers: opts.helpers ?? createLinuxHelpers(),
    ...(opts.maxMemory !== undefined ? { memory: { maxSize: opts.maxMemory } } : {}),
    ...(opts.tier !== undefined ? { tier: opts.tier } : {}),
    ...(opts.budget !== undefined ? { budget: opts.budget } : {}),
  });
  const programs: LoadedProgram[] = [];
  const maps: LoadedMap[] = [];
  const env: MapEnv = {
    memory: regionMapMemory(vm.mem, REGION_KIND.mapValue, PERM.rw),
    ncpus: cpus,
    cpu: 0,
    resolveProgFd: (fd) => {
      const p = programs[fd - 1];
      return p === undefined ? undefined : { id: p.id, prog: p.prog };
    },
    resolveMapFd: (fd) => {
      const m = maps[fd - 1];
      return m === undefined || m.kind !== 'map' ? undefined : { id: m.id, handle: m.handle, map: m.map };
    },
  };
  maps.push(...createObjectMaps(spec, { mem: vm.mem, env }));

  const notLoaded: string[] = [];
  for (const { section, fn } of entryPrograms(spec)) {
    if (section.name.startsWith('?')) {
      notLoaded.push(fn.name);
      continue;
    }
    const type = forced ?? progTypeOfSection(section.name);
    if (type === undefined) {
      throw new LoadError(LOAD_STAGE.programs, `program "${fn.name}": section "${section.name}" does not name a program type ` +
        '(libbpf cannot guess it either); give the type explicitly (--prog-type xdp, tc, socket, …)');
    }
    const linked = linkProgram(spec, section, fn);
    checkHelpers(linked, vm, type, isGplCompatible(spec.license?.text));
    applyFixups(linked, maps);
    programs.push({ id: programs.length + 1, name: fn.name, section: section.name, type, linked, prog: loadInVm(vm, linked, type) });
  }
  initProgArrays(maps, programs);
  return new LoadedObject(spec, vm, env, maps, programs, notLoaded);
}

/** Writes map handles and global-data addresses into the ld_imm64 instructions. */
function applyFixups(linked: LinkedProgram, maps: readonly LoadedMap[]): void {
  const where = (pc: number): string => `program "${linked.name}": insn ${pc}`;
  for (const f of linked.fixups) {
    let addr: number;
    if (f.kind === 'map') {
      const m = maps.find((x) => x.kind === 'map' && x.name === f.map);
      if (m === undefined) throw new LoadError(LOAD_STAGE.relocations, `${where(f.pc)}: map "${f.map}" was not created`);
      addr = m.handle;
    } else {
      const m = maps.find((x) => x.kind === 'data' && x.name === f.section);
      if (m === undefined || !(m.map instanceof ArrayMap)) {
        throw new LoadError(LOAD_STAGE.relocations, `${where(f.pc)}: global data section "${f.section}" has no map (is it empty?)`);
      }
      const size = m.map.def.valueSize;
      if (!Number.isInteger(f.addend) || f.addend < 0 || f.addend > size) {
        throw new LoadError(LOAD_STAGE.relocations, `${where(f.pc)}: offset ${f.addend} is outside section "${f.section}" (${size} bytes)`);
      }
      addr = m.map.elemAddr(0) + f.addend;
    }
    setLdImm64(linked.insns, f.pc, addr);
  }
}

/**
 * Every helper a program calls must exist, be offered to its program type and allowed by its license,
 * as the kernel's verifier checks at load ("unknown func bpf_skb_store_bytes#9").
 */
function checkHelpers(linked: LinkedProgram, vm: Vm, type: ProgTypeInfo, gpl: boolean): void {
  const fail = (pc: number, why: string): never => {
    throw new LoadError(LOAD_STAGE.programs, `program "${linked.name}": insn ${pc}: ${why}`);
  };
  const problem = checkHelperCalls(linked.insns, type.name, gpl).find((p) => p.id !== BPF_FUNC_tail_call);
  if (problem !== undefined) fail(problem.pc, problem.message);
  linked.insns.forEach((x, pc) => {
    if (x.code !== 0x85 || x.src !== 0 || x.imm === BPF_FUNC_tail_call) return;
    if (vm.helpers.get(x.imm) === undefined) fail(pc, `call to helper #${x.imm}, which this VM does not have`);
  });
}

function setLdImm64(insns: Insn[], pc: number, value: number): void {
  const lo = insns[pc]!;
  const hi = insns[pc + 1]!;
  lo.src = 0;
  lo.imm = value | 0;
  hi.imm = 0;
}

function loadInVm(vm: Vm, linked: LinkedProgram, type: ProgTypeInfo): Program {
  try {
    return vm.load({
      insns: linked.insns,
      name: linked.name,
      progType: type.name,
      lineInfo: linked.lineInfo.map((l) => ({ pc: l.pc, file: l.file, line: l.line, col: l.col, text: l.text })),
    });
  } catch (e) {
    if (e instanceof VmFault) {
      throw new LoadError(LOAD_STAGE.programs, `program "${linked.name}": insn ${e.pc}: ${e.detail}${e.insnText ? ` [${e.insnText}]` : ''}`);
    }
    throw e;
  }
}

/** `.values = { [i] = &prog }` of prog arrays (libbpf init_prog_array_slots). */
function initProgArrays(maps: readonly LoadedMap[], programs: readonly LoadedProgram[]): void {
  for (const lm of maps) {
    if (lm.def === undefined || !(lm.map instanceof ProgArrayMap)) continue;
    for (const v of lm.def.values) {
      const what = `map "${lm.name}": slot ${v.slot}`;
      const p = v.kind === 'prog' ? programs.find((x) => x.name === v.name) : undefined;
      if (p === undefined) throw new LoadError(LOAD_STAGE.maps, `${what}: "${v.name}" is not a loaded program of this object`);
      const r = lm.map.set(v.slot, { id: p.id, prog: p.prog });
      if (r !== 0) throw new LoadError(LOAD_STAGE.maps, `${what}: index past max_entries ${lm.map.def.maxEntries}`);
    }
  }
}
