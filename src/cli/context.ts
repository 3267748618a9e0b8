import type { Command } from 'commander';
import { MarketStore } from '../data/index.js';
import type { GlobalOptions } from './program.js';

export const DEFAULT_STORE_PATH = './nmrbot.db';

/** The global options (`--store`, `--config`) as seen from any sub-command. */
export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** Opens the market-data store named by `--store`, else the config's store path, else ./nmrbot.db. */
export function openStore(cmd: Command): MarketStore {
  const opts = globalOptions(cmd);
  return MarketStore.open(opts.store ?? DEFAULT_STORE_PATH);
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<T>(cmd: Command, fn: (store: MarketStore) => Promise<T> | T): Promise<T> {
  const store = openStore(cmd);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}
