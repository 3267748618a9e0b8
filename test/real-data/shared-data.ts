import fs from 'node:fs';
import path from 'node:path';

/** The repository root (this file is test/real-data/shared-data.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** `<repo>/../shared/data`: the real market data, read in place and never copied into the repo. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

/** The NMR perpetual files: `<shared>/nmr/perp`. */
export const PERP = path.join(SHARED_DATA, 'nmr/perp');

/** Every file under `dir`, as paths relative to it, sorted. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .sort();
}
