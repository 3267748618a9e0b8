import { describe, expect, it } from 'vitest';
import type { ClientOrderId, EpochMs, Fill, OrderState } from '../core/index.js';
import type { RiskDecision } from '../risk/index.js';
import { AlertObserver } from './alerts/alert-observer.js';
import type { Alert } from './alerts/alert.types.js';
import { MetricsObserver } from './metrics-observer.js';
import { parsePrometheusText } from './test-parse-metrics.js';

const T = Date.UTC(2025, 0, 6, 9) as EpochMs;
const SYMBOL = 'NMR/USDT:USDT';

function order(id: string, status: OrderState['status'], filledQuantity = 0): OrderState {
  return {
    clientOrderId: id as ClientOrderId,
    symbol: SYMBOL,
    side: 'buy',
    type: 'limit',
    quantity: 10,
    price: 13,
    reduceOnly: false,
    status,
    filledQuantity,
    averagePrice: undefined,
    createdAt: T,
    updatedAt: T,
  };
}

function fill(side: 'buy' | 'sell', quantity: number, price: number, tag?: string): Fill {
  return {
    tradeId: `${side}${quantity}${price}`,
    clientOrderId: 'c' as ClientOrderId,
    symbol: SYMBOL,
    time: T,
    side,
    quantity,
    price,
    fee: 0,
    liquidity: 'taker',
    slippageCost: 0,
    reduceOnly: false,
    tag,
  };
}

describe('MetricsObserver order states (hand-made reports)', () => {
  it('counts each order once and each status once per order, repeats ignored', async () => {
    const m = new MetricsObserver();
    for (const o of [
      order('a', 'open'),
      order('a', 'open'), // the same report again (a websocket echo)
      order('a', 'partially_filled', 4),
      order('a', 'partially_filled', 7), // more filled, same status
      order('a', 'filled', 10),
      order('b', 'open'),
      order('b', 'canceled'),
      order('c', 'rejected'),
    ])
      m.onOrder(o);
    const s = parsePrometheusText(await m.registry.metrics());
    expect(s.get('nmrbot_orders_total')).toBe(3);
    expect(s.get('nmrbot_order_status_total{status="open"}')).toBe(2);
    expect(s.get('nmrbot_order_status_total{status="partially_filled"}'), 'once per order').toBe(1);
    expect(s.get('nmrbot_order_status_total{status="filled"}')).toBe(1);
    expect(s.get('nmrbot_order_status_total{status="canceled"}')).toBe(1);
    expect(s.get('nmrbot_order_status_total{status="rejected"}')).toBe(1);
    expect(s.has('nmrbot_equity_usdt'), 'no account source: no gauge').toBe(false);
  });
});

describe('AlertObserver', () => {
  it('alerts a trade open from flat and on a flip, not on a top-up or a partial close', () => {
    const sent: Alert[] = [];
    const a = new AlertObserver({ send: (x) => sent.push(x), events: ['trade_open'] });
    a.onFill(fill('buy', 10, 13, 'momentum')); // flat -> long 10: open
    a.onFill(fill('buy', 5, 13.1)); // long 15: top-up
    a.onFill(fill('sell', 5, 13.2)); // long 10: partial close
    a.onFill(fill('sell', 30, 13.3, 'funding_reversion')); // long 10 -> short 20: flip, open
    a.onFill(fill('buy', 20, 13)); // flat
    expect(sent.map((x) => [x.title, ...x.lines])).toEqual([
      ['Opened long NMR/USDT:USDT', '10 at 13', 'signal momentum'],
      ['Opened short NMR/USDT:USDT', '20 at 13.3', 'signal funding_reversion'],
    ]);
  });

  it('a close that leaves float dust is a close, not an opening', () => {
    const sent: Alert[] = [];
    const a = new AlertObserver({ send: (x) => sent.push(x), events: ['trade_open'] });
    a.onFill(fill('buy', 0.3, 13)); // long 0.3: open
    a.onFill(fill('sell', 0.1, 13)); // 0.19999999999999998
    a.onFill(fill('sell', 0.2, 13)); // leaves -2.8e-17 in floating point: flat, not a short
    a.onFill(fill('sell', 0.3, 13)); // a real opening, short
    expect(0.3 - 0.1 - 0.2).toBeLessThan(0);
    expect(sent.map((x) => [x.title, x.lines[0]])).toEqual([
      ['Opened long NMR/USDT:USDT', '0.3 at 13'],
      ['Opened short NMR/USDT:USDT', '0.3 at 13'],
    ]);
  });

  it('sends only the configured kinds; the digest counts halts and names the halting rule', () => {
    const sent: Alert[] = [];
    const a = new AlertObserver({ send: (x) => sent.push(x), events: ['resume'] });
    const halt: RiskDecision = {
      time: T,
      symbol: SYMBOL,
      rule: 'daily_loss_halt',
      outcome: 'halted',
      message: 'day loss 310 > 3% of 10,000',
      numbers: {},
      origin: 'auto',
    };
    a.onRiskDecision(halt);
    a.onRiskDecision({ ...halt, outcome: 'refused', rule: 'thin_hours' }); // a refusal: no alert, not a halt
    expect(sent).toEqual([]);
    const digest = a.digest(Date.UTC(2025, 0, 6, 20));
    expect(digest.lines).toEqual([
      'equity unknown USDT',
      'since last digest: unknown USDT',
      'trades closed: 0 (0 won), net +0.00 USDT',
      'halts: 1, breaker trips: 0',
      'circuit breaker: armed; entries halted by daily_loss_halt',
    ]);
    a.onRiskDecision({ ...halt, outcome: 'resumed', message: 'entries resume' });
    expect(sent.map((x) => x.title)).toEqual(['Entries resumed (daily_loss_halt)']);
    expect(a.digest(Date.UTC(2025, 0, 7, 8)).lines[3]).toBe('halts: 0, breaker trips: 0');
  });
});
