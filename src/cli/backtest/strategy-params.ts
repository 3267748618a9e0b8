import { InputError } from '../../core/index.js';
import { COMBINER_MODEL_PARAM } from '../../strategy/playbook/nmr-playbook.js';

/** Names the backtest fills in itself: the resolved config and the loaded combiner model. */
const RESERVED: readonly string[] = ['config', COMBINER_MODEL_PARAM];

/**
 * `--param name=value` flags as strategy parameters: numbers become numbers, `true`/`false` booleans,
 * anything else stays text. A strategy ignores names it does not know (see docs/strategies.md).
 */
export function parseStrategyParams(flags: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const name = eq > 0 ? flag.slice(0, eq).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new InputError(`--param "${flag}": write name=value, e.g. --param fast=8`);
    }
    if (RESERVED.includes(name)) throw new InputError(`--param ${name}=...: the name ${name} is reserved`);
    const text = flag.slice(eq + 1).trim();
    const number = Number(text);
    params[name] =
      text !== '' && Number.isFinite(number)
        ? number
        : text === 'true'
          ? true
          : text === 'false'
            ? false
            : text;
  }
  return params;
}

/** commander collector for a repeatable option. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}
