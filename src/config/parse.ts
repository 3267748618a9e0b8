import { ConfigError } from '../core/index.js';
import { formatIssues } from './issues.js';
import { configSchema, type DeepReadonly, type NmrbotConfig } from './schema.js';

/** The label used in messages when a config did not come from a file. */
export const DEFAULTS_SOURCE = '(built-in defaults)';

/**
 * Validates plain data (for example parsed YAML) and returns the resolved, frozen config.
 * Empty values (`null`) inside mappings count as "not set", so their defaults apply.
 * @param input the config data; `undefined` or `null` means all defaults
 * @param source file name or label used in the error message
 * @throws ConfigError whose `issues` read `path.to.field: reason`
 */
export function parseConfig(input: unknown, source: string = DEFAULTS_SOURCE): NmrbotConfig {
  const result = configSchema.safeParse(dropNulls(input ?? {}), { reportInput: true });
  if (!result.success) {
    throw new ConfigError(`${source}: invalid config`, formatIssues(result.error, configSchema));
  }
  return deepFreeze(result.data);
}

/** The full default config: what an empty config file resolves to. */
export function defaultConfig(): NmrbotConfig {
  return parseConfig({});
}

/** Freezes `value` and everything reachable from it; returns it typed read-only. */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item: unknown) => dropNulls(item));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null) out[key] = dropNulls(child);
  }
  return out;
}
