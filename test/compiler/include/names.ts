// What a header file defines, found by running our preprocessor (itself checked against clang) on it:
// object-like and function-like macros, enumerators, struct/union/enum tags and typedef names.
import { createSourceFile } from '../../../compiler/source.js';
import { preprocess, type PPToken, type PreprocessOptions } from '../../../grammar/c/preprocess/index.js';
import { nodeFileSystem } from '../../../grammar/c/preprocess/node-fs.js';

export interface Names {
  objectMacros: string[];
  functionMacros: string[];
  enumerators: string[];
  /** "struct iphdr", "union bpf_attr", "enum xdp_action" */
  tags: string[];
  typedefs: string[];
}

export const SYSTEM_OPTIONS: PreprocessOptions = { bundled: false, systemDirs: ['/usr/include', '/usr/include/x86_64-linux-gnu'] };
export const BUNDLED_OPTIONS: PreprocessOptions = { nostdinc: true };

const GUARD = /^_+[A-Z0-9_]*(_H|_H_|_H__|HELPERS__|ENDIAN__|BITS_PER_LONG)$/;

/** Names defined in `files` when `include` is preprocessed with `opts`; files undefined means all files. */
export function definedNames(include: string, opts: PreprocessOptions, files?: ReadonlySet<string>, prelude = ''): Names {
  const r = preprocess(createSourceFile('probe.c', `${prelude}#include <${include}>\n`), { fs: nodeFileSystem(), ...opts });
  const inFiles = (file: string | undefined): boolean => file !== undefined && file !== 'probe.c' && file !== '<built-in>' && file !== '<command line>' && (!files || files.has(file));
  const objectMacros: string[] = [];
  const functionMacros: string[] = [];
  for (const m of r.macros.values()) {
    if (m.builtin || !inFiles(m.loc?.file)) continue;
    if (m.functionLike) functionMacros.push(m.name);
    else if (!(m.body.length === 0 && GUARD.test(m.name))) objectMacros.push(m.name);
  }
  return { objectMacros, functionMacros, ...declaredNames(r.tokens, inFiles) };
}

/** Enumerators, tags and typedef names declared by constructs whose keyword is in an accepted file. */
function declaredNames(toks: PPToken[], accept: (file: string) => boolean): Pick<Names, 'enumerators' | 'tags' | 'typedefs'> {
  const enumerators: string[] = [];
  const tags: string[] = [];
  const typedefs: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind !== 'identifier' || !accept(t.loc.file)) continue;
    if ((t.text === 'struct' || t.text === 'union' || t.text === 'enum') && toks[i + 1]?.kind === 'identifier' && toks[i + 2]?.text === '{') {
      tags.push(`${t.text} ${toks[i + 1]!.text}`);
    }
    if (t.text === 'enum') {
      let j = i + 1;
      if (toks[j]?.kind === 'identifier') j++;
      if (toks[j]?.text !== '{') continue;
      let depth = 0;
      for (let k = j; k < toks.length; k++) {
        const u = toks[k]!;
        if (u.text === '(' || u.text === '{') depth++;
        else if (u.text === ')' || u.text === '}') {
          if (--depth === 0) break;
        } else if (depth === 1 && u.kind === 'identifier' && (toks[k - 1]!.text === '{' || toks[k - 1]!.text === ',')) enumerators.push(u.text);
      }
    }
    if (t.text === 'typedef') {
      // the declared name: NAME in `( * NAME )`, else the last identifier outside any brackets
      let depth = 0;
      let pointerName: string | undefined;
      let last: string | undefined;
      for (let k = i + 1; k < toks.length; k++) {
        const u = toks[k]!;
        if (u.text === '(' && toks[k + 1]?.text === '*' && toks[k + 2]?.kind === 'identifier' && toks[k + 3]?.text === ')') pointerName ??= toks[k + 2]!.text;
        if (u.text === '(' || u.text === '{' || u.text === '[') depth++;
        else if (u.text === ')' || u.text === '}' || u.text === ']') depth--;
        else if (depth === 0 && u.text === ';') break;
        else if (depth === 0 && u.kind === 'identifier' && u.text !== '__attribute__') last = u.text;
      }
      const name = pointerName ?? last;
      if (name) typedefs.push(name);
    }
  }
  return { enumerators, tags, typedefs };
}
