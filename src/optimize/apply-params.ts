import { ConfigError, InputError } from '../core/index.js';
import { type NmrbotConfig, parseConfig } from '../config/index.js';
import type { ParamSet, ParamValue } from './space.js';

/** What one trial's parameters resolve to: the strategy's own parameters and the config it reads. */
export interface ResolvedParams {
  /** Parameters passed to the strategy factory, `config` included when the base had one. */
  readonly strategyParams: Readonly<Record<string, unknown>>;
  readonly config: NmrbotConfig | undefined;
}

/**
 * Splits a trial's parameters: dotted names are config paths written into a copy of `base` and
 * validated with the config schema; the rest are strategy parameters. The resolved config goes to
 * the strategy as `params.config` (how `nmr-playbook` reads it).
 * @throws ConfigError naming the path when the modified config is invalid (weights not summing to 1, ...)
 * @throws InputError when a config path does not exist in the config, or config paths are given without a base
 */
export function resolveParams(
  params: ParamSet,
  base: {
    readonly config?: NmrbotConfig | undefined;
    readonly params?: Readonly<Record<string, unknown>>;
  } = {},
): ResolvedParams {
  const configPaths = Object.keys(params).filter((k) => k.includes('.'));
  const strategyParams: Record<string, unknown> = { ...base.params };
  for (const [k, v] of Object.entries(params)) if (!k.includes('.')) strategyParams[k] = v;
  let config = base.config;
  if (configPaths.length > 0) {
    if (!base.config) throw new InputError(`config paths (${configPaths.join(', ')}) need a base config`);
    const copy = structuredClone(base.config) as unknown as Record<string, unknown>;
    for (const path of configPaths) setPath(copy, path, params[path] as ParamValue);
    const label = `trial {${configPaths.map((p) => `${p}=${String(params[p])}`).join(', ')}}`;
    try {
      config = parseConfig(copy, label);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(`${e.message}: ${e.issues.join('; ')}`, e.issues);
      throw new InputError(`${label}: ${(e as Error).message}`);
    }
  }
  if (config) strategyParams.config = config;
  return { strategyParams, config };
}

function setPath(root: Record<string, unknown>, path: string, value: ParamValue): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = root;
  for (const [i, key] of parts.entries()) {
    if (!(key in node))
      throw new InputError(`config path ${path}: ${parts.slice(0, i + 1).join('.')} does not exist`);
    if (i === parts.length - 1) {
      node[key] = value;
      return;
    }
    const next = node[key];
    if (next === null || typeof next !== 'object') {
      throw new InputError(`config path ${path}: ${parts.slice(0, i + 1).join('.')} is not a section`);
    }
    node = next as Record<string, unknown>;
  }
}
