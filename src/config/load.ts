import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/index.js';
import { DEFAULTS_SOURCE, parseConfig } from './parse.js';
import type { NmrbotConfig } from './schema.js';

/** The config file looked for in the working directory when none is named. */
export const DEFAULT_CONFIG_FILE = 'nmrbot.yaml';
/** Environment variable naming the config file when no path is given. */
export const CONFIG_PATH_ENV = 'NMRBOT_CONFIG';

export interface LoadConfigOptions {
  /** Config file to read; it must exist. */
  path?: string;
  /** Directory relative paths start from; default `process.cwd()`. */
  cwd?: string;
  /** Environment; `NMRBOT_CONFIG` names the file when `path` is not given. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface ConfigSource {
  /** Absolute path of the file to read, or undefined for the built-in defaults. */
  path: string | undefined;
  /** How messages name it: the path as given, or relative to the working directory. */
  label: string;
}

/**
 * Decides which config applies: `path`, else `$NMRBOT_CONFIG`, else `./nmrbot.yaml` when it
 * exists, else the built-in defaults.
 */
export function findConfigSource(options: LoadConfigOptions = {}): ConfigSource {
  const cwd = options.cwd ?? process.cwd();
  const named = options.path ?? nonEmpty((options.env ?? process.env)[CONFIG_PATH_ENV]);
  if (named !== undefined) return { path: resolve(cwd, named), label: named };
  const fallback = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(fallback)) return { path: undefined, label: DEFAULTS_SOURCE };
  const rel = relative(process.cwd(), fallback);
  return { path: fallback, label: rel.startsWith('..') || isAbsolute(rel) ? fallback : rel };
}

/**
 * Loads, validates and freezes the nmrbot config (see `findConfigSource` for which file).
 * @throws ConfigError naming the file: missing file, YAML syntax error (with line and column),
 *   or invalid fields (one `path.to.field: reason` issue per problem)
 */
export function loadConfig(options: LoadConfigOptions = {}): NmrbotConfig {
  const source = findConfigSource(options);
  if (source.path === undefined) return parseConfig({}, source.label);
  return parseConfigText(readConfigFile(source.path, source.label), source.label);
}

/** Parses YAML text as a config; `label` names the file in errors. */
export function parseConfigText(text: string, label: string): NmrbotConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const where = (e: typeof first) => {
      const pos = e.linePos?.[0];
      return pos === undefined ? 'unknown position' : `line ${pos.line}, column ${pos.col}`;
    };
    throw new ConfigError(
      `${label}: invalid YAML at ${where(first)}`,
      doc.errors.map((e) => `${where(e)}: ${firstSentence(e.message)}`),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    throw new ConfigError(`${label}: cannot read YAML (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseConfig(data, label);
}

function readConfigFile(path: string, label: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown error';
    if (code === 'ENOENT') {
      throw new ConfigError(`${label}: config file not found (create one with: nmrbot init --path ${label})`);
    }
    throw new ConfigError(`${label}: cannot read config file (${code})`);
  }
}

/** yaml messages end with " at line L, column C:" and a code excerpt; keep the words only. */
function firstSentence(message: string): string {
  return message.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
