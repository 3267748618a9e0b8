import type { KernelObserver } from '../kernel/index.js';

type Hook = keyof KernelObserver;

const HOOKS: readonly Hook[] = [
  'onDecision',
  'onOrder',
  'onFill',
  'onFunding',
  'onLiquidation',
  'onTrade',
  'onLog',
  'onRiskDecision',
];

/**
 * One observer that passes every event to each of `observers` in order; a hook none of them has is
 * left out (so the kernel skips it). Undefined entries are ignored; one observer comes back as is.
 */
export function fanOutObserver(
  ...observers: readonly (KernelObserver | undefined)[]
): KernelObserver | undefined {
  const present = observers.filter((o): o is KernelObserver => o !== undefined);
  if (present.length <= 1) return present[0];
  const out: Record<string, (...args: never[]) => void> = {};
  for (const hook of HOOKS) {
    const listeners = present.filter((o) => o[hook] !== undefined);
    if (listeners.length === 0) continue;
    out[hook] = (...args: never[]): void => {
      for (const o of listeners) (o[hook] as (...a: never[]) => void).apply(o, args);
    };
  }
  return out;
}
