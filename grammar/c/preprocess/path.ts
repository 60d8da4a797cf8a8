// POSIX-style path arithmetic for include resolution, without node:path so the preprocessor runs in a
// browser. In: '/'-separated paths (absolute, relative, or under the virtual bundled-header root
// "<bundled>"). Out: joined and normalized paths.

/** The directory part of `p`: "." for a bare file name, as clang forms "./x.h" for quoted includes. */
export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function isAbsolute(p: string): boolean {
  return p.startsWith('/');
}

/** `dir`/`name` as clang spells it (no folding of "..", which canonicalPath does); `name` wins when absolute. */
export function joinPath(dir: string, name: string): string {
  if (isAbsolute(name) || dir === '') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/**
 * Removes empty and "." segments (keeping a leading "./", which clang also keeps in __FILE__) and folds
 * "x/.." pairs; ".." at the start of a relative path, or above "/", is kept or dropped respectively.
 */
export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const dotPrefix = p.startsWith('./');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const body = out.join('/');
  if (abs) return '/' + body;
  if (dotPrefix && !body.startsWith('..')) return './' + body;
  return body === '' ? '.' : body;
}

/** The identity of a file for caching, #pragma once and include guards: normalized, without "./". */
export function canonicalPath(p: string): string {
  const n = normalizePath(p);
  return n.startsWith('./') ? n.slice(2) : n;
}
