// `npm run bench [TOPIC...]`: runs the benchmark modules (all but the long fuzz campaigns, or those
// named) one after another and prints their figures. Each topic is a module exporting a BenchModule;
// add yours to BENCHES.
import type { BenchModule } from './types.js';

interface BenchEntry {
  name: string;
  /** loaded only when the topic runs, so one topic's imports cannot break another */
  load(): Promise<BenchModule>;
}

const BENCHES: readonly BenchEntry[] = [
  { name: 'vm', load: async () => (await import('./vm.js')).vmBench },
  { name: 'vm-fuzz', load: async () => (await import('./vm-fuzz.js')).vmFuzzBench },
  { name: 'compile-fuzz', load: async () => (await import('./compile-fuzz.js')).compileFuzzBench },
  { name: 'c-parse', load: async () => (await import('./c-parse.js')).cParseBench },
  { name: 'frontend', load: async () => (await import('./frontend.js')).frontendBench },
  { name: 'codegen', load: async () => (await import('./codegen.js')).codegenBench },
  { name: 'compiler', load: async () => (await import('./compiler.js')).compilerBench },
  { name: 'c-lower', load: async () => (await import('./c-lower.js')).cLowerBench },
  { name: 'run', load: async () => (await import('./run.js')).runBench },
  { name: 'run-parts', load: async () => (await import('./run-parts.js')).runPartsBench },
];

async function main(argv: string[]): Promise<number> {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench topic(s): ${unknown.join(', ')}; available: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    return 1;
  }
  for (const entry of BENCHES) {
    if (wanted.length > 0 ? !wanted.includes(entry.name) : entry.name.endsWith('-fuzz')) continue;
    const b = await entry.load();
    process.stdout.write(`== ${b.name}: ${b.description}\n`);
    await b.run({ out: (s) => process.stdout.write(s), args: argv });
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
