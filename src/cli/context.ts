import type { Command } from 'commander';
import { findConfigSource, loadConfig, type NmrbotConfig } from '../config/index.js';
import { MarketStore } from '../data/index.js';
import type { GlobalOptions } from './program.js';

export interface CommandConfig {
  config: NmrbotConfig;
  /** How the config file is named in messages, or `(built-in defaults)`. */
  source: string;
}

/**
 * Loads the config a command runs with: the global `--config` file (else `$NMRBOT_CONFIG`, else
 * `./nmrbot.yaml` if present, else defaults), with the global `--store` applied to `store.path`.
 * @throws ConfigError when the file is missing or invalid
 */
export function configForCommand(command: Command): CommandConfig {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const source = findConfigSource({ path: globals.config });
  const loaded = loadConfig({ path: globals.config });
  const config =
    globals.store === undefined
      ? loaded
      : Object.freeze({ ...loaded, store: Object.freeze({ ...loaded.store, path: globals.store }) });
  return { config, source: source.label };
}

/** The global options (`--store`, `--config`) as seen from any sub-command. */
export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

/** Opens the market-data store named by `--store`, else the config's `store.path` (./nmrbot.db). */
export function openStore(cmd: Command): MarketStore {
  return MarketStore.open(configForCommand(cmd).config.store.path);
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
