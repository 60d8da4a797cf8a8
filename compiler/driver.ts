// The compiler's table of contents: C source → eBPF ELF object, one call per stage, in order
// (DESIGN.md §1). Each stage's diagnostics are kept; a stage with errors ends the compile, as no stage
// runs on the output of a failed one.
//   1. front end          grammar/c/preprocess + compiler/c: preprocess, parse, check → TypedUnit
//   2. lowering           compiler/c/to-ir: TypedUnit → IR module
//   3. optimisation       compiler/ir/passes, per -O level
//   4. verifier checks    compiler/checks: what the kernel's verifier is certain to reject
//   5. code generation    compiler/codegen: IR → eBPF instructions per function
//   6. object emission    compiler/object: ObjectSpec with BTF and .BTF.ext
//   7. encoding           runtime/object: ObjectSpec → ELF bytes
import { EbpfcError } from '../runtime/errors.js';
import { encodeObject, listObject, printListing, type ObjectSpec } from '../runtime/object/index.js';
import { checkC, printTypedUnit, type TypedUnit } from './c/sema/index.js';
import { lowerToIr } from './c/to-ir/index.js';
import { checkModule } from './checks/index.js';
import { generateModule } from './codegen/index.js';
import { diagnostic, hasErrors, type Diagnostic } from './diagnostics/index.js';
import { optimizeModule, printModule } from './ir/index.js';
import { emitObject } from './object/index.js';
import type { SourceFile } from './source.js';
import type { CompileOptions, CompileResult, CompileTimings } from './options.js';

export function compileCFile(main: SourceFile, o: CompileOptions): CompileResult {
  const timings: CompileTimings = {};
  const clock = o.clock ?? (() => 0);
  let t = clock();
  const lap = (stage: keyof CompileTimings): void => {
    if (!o.clock) return;
    const now = clock();
    timings[stage] = now - t;
    t = now;
  };
  const mcpu = o.mcpu ?? 3;
  const level = o.optLevel ?? 2;
  const result: CompileResult = { diagnostics: [], files: new Map(), timings };

  // 1. front end
  const fe = checkC(main, {
    fs: o.fs,
    cache: o.cache,
    includeDirs: o.includeDirs,
    systemDirs: o.systemDirs,
    nostdinc: o.nostdinc,
    defines: o.defines,
    undefines: o.undefines,
    mcpu: `v${mcpu}`,
    optimize: level > 0,
    prune: o.prune,
  });
  lap('frontEnd');
  result.files = fe.files;
  result.diagnostics.push(...fe.diagnostics);
  if (o.emitAst && fe.unit) result.ast = printTypedUnit(fe.unit);
  if (fe.failed || !fe.unit) return result;
  const unit: TypedUnit = fe.unit;

  // 2. lowering
  const lowered = lowerToIr(unit, { mcpu });
  lap('lower');
  result.diagnostics.push(...lowered.diagnostics);
  if (lowered.failed) return result;
  const m = lowered.module;

  // 3. optimisation
  optimizeModule(m, { level, validate: o.validateIr === true });
  lap('optimize');
  if (o.emitIr) result.ir = printModule(m);

  // 4. verifier-aware checks
  if (o.verifierChecks !== false) {
    const licenseVar = unit.globals.find((g) => g.data?.section === 'license');
    result.diagnostics.push(...checkModule(m, { license: unit.license, ...(licenseVar ? { licenseSpan: licenseVar.span } : {}) }));
    lap('checks');
    if (hasErrors(result.diagnostics)) return result;
  }

  // 5. code generation
  const code = generateModule(m, { mcpu });
  lap('codegen');
  result.diagnostics.push(...code.diagnostics);
  if (hasErrors(code.diagnostics)) return result;

  // 6. object emission
  const emitted = emitObject({ unit, lowered, module: m, code, files: fe.files, lineInfo: o.debugLines !== false });
  lap('emit');
  result.diagnostics.push(...emitted.diagnostics);
  if (!emitted.spec || hasErrors(emitted.diagnostics)) return result;

  // 7. encoding
  const bytes = encode(emitted.spec, result.diagnostics);
  lap('encode');
  if (!bytes) return result;
  result.spec = emitted.spec;
  result.object = bytes;
  if (o.emitAsm) result.asm = printListing(listObject(bytes, { relocations: true, source: true }), o.objectName ?? 'out.o');
  return result;
}

function encode(spec: ObjectSpec, diags: Diagnostic[]): Uint8Array | undefined {
  try {
    return encodeObject(spec);
  } catch (e) {
    if (!(e instanceof EbpfcError)) throw e;
    diags.push(diagnostic('B2008', `the object cannot be written: ${e.message}`));
    return undefined;
  }
}
