import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../core/index.js';
import type { Strategy, StrategyFactory } from './strategy.types.js';

/** The package root: two levels above this file in both src/ and dist/. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Example strategies known by name, each a file under the package that exports `createStrategy`. */
const EXAMPLE_FILES: Readonly<Record<string, string>> = {
  'ema-cross': 'examples/ema-cross.ts',
};

/** Strategies compiled into nmrbot, loaded as modules of the package. */
const BUILTIN_MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  'nmr-playbook': () => import('./playbook/nmr-playbook.js'),
};

/** Every strategy known by name. */
export const BUILTIN_STRATEGIES: readonly string[] = [
  ...Object.keys(BUILTIN_MODULES),
  ...Object.keys(EXAMPLE_FILES),
];

/**
 * Loads a strategy by built-in name or from a `.ts`/`.js` file exporting `createStrategy`
 * (a `StrategyFactory`). TypeScript files are compiled on the fly.
 */
export async function loadStrategy(
  spec: string,
  params: Readonly<Record<string, unknown>> = {},
): Promise<Strategy> {
  const module = BUILTIN_MODULES[spec];
  const example = EXAMPLE_FILES[spec];
  const file = example ? path.join(PACKAGE_ROOT, example) : path.resolve(spec);
  if (!module && !example && !/\.(ts|mts|js|mjs)$/.test(spec)) {
    throw new InputError(
      `unknown strategy "${spec}": give a built-in name (${BUILTIN_STRATEGIES.join(', ')}) or a .ts/.js file`,
    );
  }
  if (!module && !fs.existsSync(file)) throw new InputError(`strategy file ${file} does not exist`);
  const mod = (module ? await module() : await importModule(file)) as { createStrategy?: unknown };
  if (typeof mod.createStrategy !== 'function') {
    throw new InputError(`strategy file ${file} must export a function named createStrategy`);
  }
  const strategy = (mod.createStrategy as StrategyFactory)(params);
  if (!strategy || typeof strategy.name !== 'string') {
    throw new InputError(`createStrategy in ${file} must return an object with a name`);
  }
  return strategy;
}

/**
 * Imported strategy files by path and modification time: an optimisation builds one strategy per
 * backtest, and compiling a TypeScript file again costs far more than a short backtest.
 */
const importedFiles = new Map<string, Promise<unknown>>();

function importModule(file: string): Promise<unknown> {
  const key = `${file}\0${fs.statSync(file).mtimeMs}`;
  let mod = importedFiles.get(key);
  if (mod === undefined) {
    mod = compileAndImport(file);
    // A failed import is not kept: the next call tries again (the file may have been fixed).
    mod.catch(() => importedFiles.delete(key));
    importedFiles.set(key, mod);
  }
  return mod;
}

async function compileAndImport(file: string): Promise<unknown> {
  if (/\.m?ts$/.test(file)) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
  return import(pathToFileURL(file).href);
}
