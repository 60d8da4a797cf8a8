// The Node.js file-system adapter for the preprocessor (the only file here that touches node:fs).
// In: paths as the preprocessor forms them. Out: UTF-8 text, or undefined for anything unreadable.
import { readFileSync, statSync } from 'node:fs';
import type { FileSystem } from './fs.js';

export function nodeFileSystem(): FileSystem {
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists(path) {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    },
  };
}
