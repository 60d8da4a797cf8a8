// Pruning of unused header declarations, between preprocessing and parsing: a program that includes
// linux/bpf.h and bpf_helpers.h (or a vmlinux.h) receives thousands of external declarations and uses a
// few dozen, and the fastest way to parse the others is not to. In: the preprocessed token stream and
// which files may be pruned (compileC: every file but the main one; or only the system headers). Out:
// the same stream without the top-level declarations of those files that nothing kept can reach, in the
// original order (C11 §6.9 external declarations; the scanner, with the scope rules it relies on, is
// prune-scan.ts).
//
//   chunk     one external declaration: up to a ';' outside brackets, through a function body's '}', or
//             one ';' / #pragma token on its own
//   declares  an over-approximation of the file-scope names the chunk declares (ordinary identifiers,
//             typedef names, tags, enum constants; tags and ordinary names share one name space here)
//   mentions  every identifier in the chunk (member and parameter names too)
//
// Kept: every chunk with a token written outside a prunable file (a macro's tokens count as written
// where the outermost expansion was invoked); every chunk the scanner cannot read with certainty; every
// chunk whose declaration has an effect of its own (a definition of an object or function the compiler
// may emit, a declaration the compiler may warn about); every chunk that declares nothing; and every
// chunk that declares a needed name, needed being the closure of the names mentioned by kept chunks,
// seeded with the names the compiler looks up itself. Since everything a kept chunk's parse and analysis
// consult is reached through the identifiers it contains, the kept chunks are parsed and checked exactly
// as in the whole stream. Pure declarations are typedefs, tag declarations, prototypes, `extern` objects,
// and `static` objects and functions the compiler emits only when used (a static function whose body
// holds a string literal is kept: sema numbers string objects in the order it meets them).
//
// So the object, the typed AST and every diagnostic are the whole parse's, except diagnostics about the
// dropped declarations themselves: a dropped header declaration that would not parse, or a warning sema
// would give inside an unused static function of a header, is not reported (that code is as good
// as absent; the system and bundled headers this compiler is tested on draw none).
import { convertTokens, ctok, type SourceToken } from '../../grammar/c/index.js';
import { BUNDLED_ROOT, DEFAULT_SYSTEM_DIRS, RESOURCE_ROOT } from '../../grammar/c/preprocess/index.js';
import type { CtxLayout } from '../ir/index.js';
import { classify, isClose, isOpen, Scan, Tok } from './prune-scan.js';

/** What pruning needs to know besides the tokens. */
export interface PruneSetup {
  /** Whether the declarations of the file at `path` (a token's written file) may be pruned. */
  prunable(path: string): boolean;
  /** Names to keep whatever the tokens mention (default: COMPILER_LOOKUPS). */
  seeds?: readonly string[];
}

/** Chunk counts of one file (the file of a chunk's first token). */
export interface PruneFileStats {
  chunks: number;
  kept: number;
}

export interface PruneResult {
  /** The kept tokens, in stream order (the input array itself when nothing was dropped). */
  tokens: readonly SourceToken[];
  chunks: number;
  kept: number;
  /** Per file, for prunable files only. */
  files: Map<string, PruneFileStats>;
}

/**
 * Record types the compiler finds by name rather than through the program's tokens: the program-context
 * structs whose definitions go into a subprogram's BTF (compiler/object btf-funcs.ts, ctxLayoutOfSection).
 * (The Record makes a new context layout a type error here until it is listed.)
 */
const CTX_STRUCTS: Record<Exclude<CtxLayout, 'unknown'>, true> = {
  xdp_md: true, __sk_buff: true, sk_msg_md: true, sk_reuseport_md: true,
};
export const COMPILER_LOOKUPS: readonly string[] = Object.keys(CTX_STRUCTS);

/** The directories whose files are system headers under the preprocessor options `o`. */
export interface SystemDirsOptions {
  includeDirs?: readonly string[];
  systemDirs?: readonly string[];
  nostdinc?: boolean;
  bundled?: unknown;
}

/** Every file but the main one: what compileC prunes by default (headers of the program's own too). */
export function headerFileTest(mainFile: string): (path: string) => boolean {
  const main = normalize(mainFile);
  return (path) => normalize(path) !== main;
}

/**
 * Whether a path is a system header: a file under the system directories (unless nostdinc) or under the
 * bundled roots (unless `bundled: false`), and not under an -I directory, and not the main file.
 */
export function systemFileTest(o: SystemDirsOptions, mainFile?: string): (path: string) => boolean {
  const roots = [...(o.bundled === false ? [] : [RESOURCE_ROOT, BUNDLED_ROOT]),
    ...(o.nostdinc === true ? [] : o.systemDirs ?? DEFAULT_SYSTEM_DIRS)].map(dirPrefix);
  const user = (o.includeDirs ?? []).map(dirPrefix);
  const main = mainFile === undefined ? undefined : normalize(mainFile);
  return (path) => {
    const p = normalize(path);
    return p !== main && roots.some((r) => under(p, r)) && !user.some((u) => under(p, u));
  };
}

/** Whether normalized path `p` lies under directory prefix `d` ('' is the current directory). */
function under(p: string, d: string): boolean {
  return d === '' ? !p.startsWith('/') && !p.startsWith('<') : p.startsWith(d);
}

function normalize(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + out.join('/');
}

function dirPrefix(d: string): string {
  const n = normalize(d);
  return n === '/' || n === '' ? n : n + '/';
}

interface Chunk {
  start: number;
  /** Exclusive. */
  end: number;
  keep: boolean;
}

/**
 * Splits the stream into external declarations: up to a ';' outside brackets, through the '}' of a
 * function body (a '{' after a ')' outside brackets, not a struct/union/enum body or initializer), or a
 * lone ';' or pragma. `keep` is set for a chunk with a token `system` rejects or at `keepFrom` or
 * later, a stray token, or a shape the split is unsure of (unbalanced brackets, a '{' that might be a
 * function body or not).
 */
function split(cls: Uint8Array, system: (i: number) => boolean, keepFrom: number): Chunk[] {
  const chunks: Chunk[] = [];
  const n = cls.length;
  const stack: number[] = [];
  let i = 0;
  while (i < n) {
    const start = i;
    const c0 = cls[i]!;
    if (c0 === Tok.Pragma || c0 === Tok.Semi) {
      chunks.push({ start, end: i + 1, keep: i >= keepFrom || !system(i) });
      i++;
      continue;
    }
    let keep = false;
    stack.length = 0;
    let record = false; // after struct/union/enum outside brackets, until its body or another token
    let attr = false; // just after __attribute__ outside brackets
    let init = false; // in an initializer outside brackets
    let prev = -1; // the class of the last token that left the depth at 0
    let body = false;
    for (; i < n; i++) {
      const c = cls[i]!;
      if (!keep && (c === Tok.Stray || i >= keepFrom || !system(i))) keep = true;
      if (stack.length === 0) {
        if (c === Tok.Semi) {
          i++;
          break;
        }
        if (c === Tok.Assign) init = true;
        else if (c === Tok.Comma) init = false;
        if (c === Tok.Record || c === Tok.Enum) record = true;
        else if (c === Tok.LBrace) {
          if (!record && !init) {
            if (prev === Tok.RParen) body = true;
            else keep = true; // the parser may see a function body where this scan sees none
          }
          record = false;
        } else if (!(c === Tok.Attribute || c === Tok.Name || (attr && c === Tok.LParen))) record = false;
        attr = c === Tok.Attribute;
        if (isOpen(c)) stack.push(c + 1);
        else if (isClose(c)) {
          keep = true; // unbalanced
          if (c === Tok.RBrace) {
            i++;
            break;
          }
        } else prev = c;
        continue;
      }
      if (isOpen(c)) stack.push(c + 1);
      else if (isClose(c)) {
        if (stack[stack.length - 1] !== c) {
          keep = true;
          continue;
        }
        stack.pop();
        if (stack.length === 0) {
          prev = c;
          if (body) {
            i++;
            break;
          }
        }
      }
    }
    chunks.push({ start, end: i, keep });
  }
  return chunks;
}

/** The file a token was written in: the outermost macro invocation's for tokens from an expansion. */
function writtenFile(t: SourceToken): string {
  let o = t.origin;
  if (o === undefined) return t.loc.file;
  while (o.parent !== undefined) o = o.parent;
  return o.loc.file;
}

/**
 * Drops the top-level declarations of prunable files that the rest of the program cannot reach (see the
 * comment at the top). `typedefs` are the typedef names visible from the start (as ParseOptions).
 */
export function pruneTokens(tokens: readonly SourceToken[], setup: PruneSetup, typedefs?: readonly string[]): PruneResult {
  const { chunks, system } = prune(tokens, setup, typedefs, tokens.length);
  return assemble(tokens, chunks, system);
}

/**
 * Which tokens pruning keeps (1) and drops (0), where every token from index `keepFrom` on counts as
 * written outside prunable files (they are parsed anyway, e.g. after a cached include prefix).
 */
export function pruneMask(tokens: readonly SourceToken[], setup: PruneSetup, typedefs?: readonly string[],
  keepFrom = tokens.length): Uint8Array {
  const mask = new Uint8Array(tokens.length);
  for (const ch of prune(tokens, setup, typedefs, keepFrom).chunks) if (ch.keep) mask.fill(1, ch.start, ch.end);
  return mask;
}

function prune(tokens: readonly SourceToken[], setup: PruneSetup, typedefs: readonly string[] = ctok.PREDEFINED_TYPEDEFS,
  keepFrom: number): { chunks: Chunk[]; system: (i: number) => boolean } {
  const known = new Map<string, boolean>();
  let lastFile = '';
  let lastSystem = false;
  const system = (i: number): boolean => {
    const f = writtenFile(tokens[i]!);
    if (f === lastFile) return lastSystem;
    let s = known.get(f);
    if (s === undefined) known.set(f, (s = setup.prunable(f)));
    lastFile = f;
    lastSystem = s;
    return s;
  };
  const cls = classify(tokens);
  const chunks = split(cls, system, keepFrom);
  const scan = new Scan(tokens, cls, typedefs);
  // names → the chunks not yet kept that declare them
  const declaredBy = new Map<string, number[]>();
  for (let c = 0; c < chunks.length; c++) {
    const ch = chunks[c]!;
    scan.read(ch.start, ch.end);
    if (ch.keep) continue;
    if (scan.uncertain || scan.effect || scan.declares.length === 0) {
      ch.keep = true;
      continue;
    }
    for (const name of scan.declares) {
      const list = declaredBy.get(name);
      if (list === undefined) declaredBy.set(name, [c]);
      else if (list[list.length - 1] !== c) list.push(c);
    }
  }
  // the closure of the names kept chunks mention
  const needed = new Set<string>();
  const work: string[] = [];
  const need = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    work.push(name);
  };
  const mentions = (ch: Chunk): void => {
    for (let i = ch.start; i < ch.end; i++) {
      const c = cls[i]!;
      if (c === Tok.Name) need(tokens[i]!.text);
      // a name in a string: __attribute__((alias("f"))) and the like
      else if (c === Tok.String && /^"[A-Za-z_]\w*"$/.test(tokens[i]!.text)) need(tokens[i]!.text.slice(1, -1));
    }
  };
  for (const name of setup.seeds ?? COMPILER_LOOKUPS) need(name);
  for (const ch of chunks) if (ch.keep) mentions(ch);
  while (work.length > 0) {
    const list = declaredBy.get(work.pop()!);
    if (list === undefined) continue;
    for (const c of list) {
      const ch = chunks[c]!;
      if (ch.keep) continue;
      ch.keep = true;
      mentions(ch);
    }
  }
  return { chunks, system };
}

function assemble(tokens: readonly SourceToken[], chunks: readonly Chunk[], system: (i: number) => boolean): PruneResult {
  const files = new Map<string, PruneFileStats>();
  let kept = 0;
  let keptTokens = 0;
  for (const ch of chunks) {
    if (ch.keep) {
      kept++;
      keptTokens += ch.end - ch.start;
    }
    if (!system(ch.start)) continue;
    const f = writtenFile(tokens[ch.start]!);
    const s = files.get(f) ?? { chunks: 0, kept: 0 };
    s.chunks++;
    if (ch.keep) s.kept++;
    files.set(f, s);
  }
  if (keptTokens === tokens.length) return { tokens, chunks: chunks.length, kept, files };
  const out: SourceToken[] = new Array<SourceToken>(keptTokens);
  let o = 0;
  for (const ch of chunks) {
    if (!ch.keep) continue;
    for (let i = ch.start; i < ch.end; i++) out[o++] = tokens[i]!;
  }
  return { tokens: out, chunks: chunks.length, kept, files };
}

/** The first and last source tokens that become parser tokens (convertTokens), if any. */
export function parserTokenEnds(tokens: readonly SourceToken[]): [SourceToken, SourceToken] | undefined {
  let a = 0;
  while (a < tokens.length && convertTokens([tokens[a]!]).length === 0) a++;
  if (a === tokens.length) return undefined;
  let b = tokens.length - 1;
  while (b > a && convertTokens([tokens[b]!]).length === 0) b--;
  return [tokens[a]!, tokens[b]!];
}
