import { createRequire } from 'node:module';

/** The booster options ml-xgboost keeps (XGBoost parameters as strings, plus `iterations`). */
export type BoosterOptions = Readonly<Record<string, string | number>>;

/** ml-xgboost's serialised booster: the XGBoost binary model as signed bytes, and its options. */
export interface BoosterJson {
  readonly name: string;
  readonly model: readonly number[];
  readonly options: BoosterOptions;
}

/** One booster in WASM memory; it is not garbage collected, so `free()` it. */
export interface WasmBooster {
  train(rows: readonly (readonly number[])[], labels: readonly number[]): void;
  predict(rows: readonly (readonly number[])[]): number[];
  toJSON(): BoosterJson;
  free(): void;
}

/** The class ml-xgboost resolves to. */
export interface XgboostLibrary {
  new (options: Record<string, string | number>): WasmBooster;
  load(json: BoosterJson): WasmBooster;
}

const require = createRequire(import.meta.url);

// Lines the emscripten loader prints when Node's fetch cannot stream a file path; it then loads the
// same binary from disk, so they are noise.
const LOADER_NOISE = [/^wasm streaming compile failed: /, /^falling back to ArrayBuffer instantiation$/];

let library: Promise<XgboostLibrary> | undefined;

/**
 * Loads the ml-xgboost WASM module once per process (later calls share the same promise). Training
 * needs it; predicting from an artifact does not (see booster-trees.ts).
 */
export function loadXgboost(): Promise<XgboostLibrary> {
  if (library === undefined) {
    // The loader looks printErr up when it reports, after this synchronous require returns.
    const wasm = require('ml-xgboost/dist/wasm/xgboost.js') as { printErr: (text: string) => void };
    const printErr = wasm.printErr;
    wasm.printErr = (text: string) => {
      if (!LOADER_NOISE.some((noise) => noise.test(String(text)))) printErr(text);
    };
    library = require('ml-xgboost') as Promise<XgboostLibrary>;
  }
  return library;
}
