import { describe, expect, it } from 'vitest';
import { checkTransition, coreStatus, LiveOrderStatus, OrderTransitionError } from './order-lifecycle.js';

const S = LiveOrderStatus;
const ALL = Object.values(S);

describe('checkTransition', () => {
  it('walks the normal life: new → submitted → acknowledged → partially filled → filled', () => {
    expect(checkTransition('o', S.New, S.Submitted)).toBe('applied');
    expect(checkTransition('o', S.Submitted, S.Acknowledged)).toBe('applied');
    expect(checkTransition('o', S.Acknowledged, S.PartiallyFilled)).toBe('applied');
    expect(checkTransition('o', S.PartiallyFilled, S.PartiallyFilled)).toBe('applied');
    expect(checkTransition('o', S.PartiallyFilled, S.Filled)).toBe('applied');
  });

  it('lets a market order fill straight from submitted and an IOC remainder expire', () => {
    expect(checkTransition('o', S.Submitted, S.Filled)).toBe('applied');
    expect(checkTransition('o', S.PartiallyFilled, S.Expired)).toBe('applied');
    expect(checkTransition('o', S.Acknowledged, S.Cancelled)).toBe('applied');
    expect(checkTransition('o', S.Submitted, S.Rejected)).toBe('applied');
    expect(checkTransition('o', S.New, S.Rejected)).toBe('applied');
    expect(checkTransition('o', S.New, S.Cancelled), 'a held-back replacement cancelled before sending').toBe(
      'applied',
    );
  });

  it('ignores duplicates and late reports of an earlier stage', () => {
    expect(checkTransition('o', S.Acknowledged, S.Acknowledged)).toBe('stale');
    expect(checkTransition('o', S.Filled, S.Filled)).toBe('stale');
    expect(checkTransition('o', S.Filled, S.Acknowledged)).toBe('stale');
    expect(checkTransition('o', S.Filled, S.PartiallyFilled)).toBe('stale');
    expect(checkTransition('o', S.PartiallyFilled, S.Acknowledged)).toBe('stale');
    expect(checkTransition('o', S.Cancelled, S.Submitted)).toBe('stale');
  });

  it('refuses a second, different end with an error naming the order and both states', () => {
    expect(() => checkTransition('nb1-a-0', S.Filled, S.Cancelled)).toThrow(
      new OrderTransitionError('nb1-a-0', S.Filled, S.Cancelled),
    );
    expect(() => checkTransition('o', S.Filled, S.Cancelled)).toThrow(
      'order o cannot go from filled to cancelled',
    );
    expect(() => checkTransition('o', S.Rejected, S.Filled)).toThrow(OrderTransitionError);
    expect(() => checkTransition('o', S.Cancelled, S.Expired)).toThrow(OrderTransitionError);
  });

  it('refuses a rejection after acceptance and any report on an order never sent', () => {
    expect(() => checkTransition('o', S.Acknowledged, S.Rejected)).toThrow(OrderTransitionError);
    expect(() => checkTransition('o', S.PartiallyFilled, S.Rejected)).toThrow(OrderTransitionError);
    expect(() => checkTransition('o', S.New, S.Acknowledged)).toThrow(OrderTransitionError);
    expect(() => checkTransition('o', S.New, S.Filled)).toThrow(OrderTransitionError);
  });

  it('has exactly this table of applied moves over all 64 pairs', () => {
    const applied: string[] = [];
    for (const from of ALL)
      for (const to of ALL) {
        try {
          if (checkTransition('o', from, to) === 'applied') applied.push(`${from}>${to}`);
        } catch {
          // impossible: not in the table
        }
      }
    expect(applied.sort()).toEqual(
      [
        'new>submitted',
        'new>rejected',
        'new>cancelled',
        'submitted>acknowledged',
        'submitted>partially_filled',
        'submitted>filled',
        'submitted>cancelled',
        'submitted>rejected',
        'submitted>expired',
        'acknowledged>partially_filled',
        'acknowledged>filled',
        'acknowledged>cancelled',
        'acknowledged>expired',
        'partially_filled>partially_filled',
        'partially_filled>filled',
        'partially_filled>cancelled',
        'partially_filled>expired',
      ].sort(),
    );
  });
});

describe('coreStatus', () => {
  it('shows the kernel working orders as open and both cancel and expiry as canceled', () => {
    expect(ALL.map(coreStatus)).toEqual([
      'open',
      'open',
      'open',
      'partially_filled',
      'filled',
      'canceled',
      'rejected',
      'canceled',
    ]);
  });
});
