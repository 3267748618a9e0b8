import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import type { Decision, KernelObserver } from '../kernel/index.js';
import { fanOutObserver } from './fan-out-observer.js';

const decision: Decision = { time: 1 as EpochMs, kind: 'target', detail: { side: 'flat' }, price: 10 };

describe('fanOutObserver', () => {
  it('passes each event to every observer that has the hook, in order, with `this` bound', () => {
    const calls: string[] = [];
    class Named implements KernelObserver {
      constructor(readonly name: string) {}
      onDecision(d: Decision): void {
        calls.push(`${this.name} decision ${d.time}`);
      }
    }
    const logs: KernelObserver = { onLog: (t, m) => calls.push(`log ${t} ${m}`) };
    const out = fanOutObserver(new Named('a'), logs, undefined, new Named('b'));
    out?.onDecision?.(decision);
    out?.onLog?.(2 as EpochMs, 'hi');
    expect(calls).toEqual(['a decision 1', 'b decision 1', 'log 2 hi']);
    expect(out !== undefined && 'onFill' in out, 'no observer has it: left out').toBe(false);
  });

  it('returns a single observer as is, and undefined for none', () => {
    const only: KernelObserver = {};
    expect(fanOutObserver(undefined, only)).toBe(only);
    expect(fanOutObserver(undefined, undefined)).toBeUndefined();
  });
});
