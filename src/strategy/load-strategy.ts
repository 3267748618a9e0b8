import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { InputError } from '../core/index.js';
import type { Strategy, StrategyFactory } from './strategy.types.js';

/** The package root: two levels above this file in both src/ and dist/. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Strategies known by name, each a file under the package that exports `createStrategy`. */
export const BUILTIN_STRATEGIES: Readonly<Record<string, string>> = {
  'ema-cross': 'examples/ema-cross.ts',
};

/**
 * Loads a strategy by built-in name or from a `.ts`/`.js` file exporting `createStrategy`
 * (a `StrategyFactory`). TypeScript files are compiled on the fly.
 */
export async function loadStrategy(
  spec: string,
  params: Readonly<Record<string, unknown>> = {},
): Promise<Strategy> {
  const builtin = BUILTIN_STRATEGIES[spec];
  const file = builtin ? path.join(PACKAGE_ROOT, builtin) : path.resolve(spec);
  if (!builtin && !/\.(ts|mts|js|mjs)$/.test(spec)) {
    throw new InputError(
      `unknown strategy "${spec}": give a built-in name (${Object.keys(BUILTIN_STRATEGIES).join(', ')}) or a .ts/.js file`,
    );
  }
  if (!fs.existsSync(file)) throw new InputError(`strategy file ${file} does not exist`);
  const mod = (await importModule(file)) as { createStrategy?: unknown };
  if (typeof mod.createStrategy !== 'function') {
    throw new InputError(`strategy file ${file} must export a function named createStrategy`);
  }
  const strategy = (mod.createStrategy as StrategyFactory)(params);
  if (!strategy || typeof strategy.name !== 'string') {
    throw new InputError(`createStrategy in ${file} must return an object with a name`);
  }
  return strategy;
}

async function importModule(file: string): Promise<unknown> {
  if (/\.m?ts$/.test(file)) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
  return import(pathToFileURL(file).href);
}
