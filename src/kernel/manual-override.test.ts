import { afterEach, describe, expect, it } from 'vitest';
import { BarLoop } from '../backtest/index.js';
import { INSTRUMENT, SYMBOL, type TempStore, tempStore } from '../backtest/test-helpers.js';
import { type RiskConfig, defaultConfig } from '../config/index.js';
import { type EpochMs, HOUR_MS, InputError } from '../core/index.js';
import type { Candle } from '../data/index.js';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import { JournalWriter, SqliteTradeStore } from '../journal/index.js';
import type { Strategy, TargetPosition } from '../strategy/index.js';
import { createPlaybookStrategy } from '../strategy/playbook/nmr-playbook.js';
import type { ManualOrderResult } from './manual-order.types.js';

// All bars are SYNTHETIC (hand-made prices, volume 1e6 per hour); slippage is off so fills are exact.
const WED = Date.UTC(2025, 0, 8, 8); // Wednesday 08:00 UTC
const MON = Date.UTC(2025, 0, 6, 0); // Monday 00:00 UTC
const FRI_20 = Date.UTC(2025, 0, 10, 20); // Friday 20:00 UTC
const SAT = Date.UTC(2025, 0, 11, 8); // Saturday 08:00 UTC
const TAKER = 0.0005;

/** A strategy that asks for `wants` at every bar close (when set). */
function scripted(): { strategy: Strategy; wants: { target: TargetPosition | undefined } } {
  const wants: { target: TargetPosition | undefined } = { target: undefined };
  return {
    wants,
    strategy: {
      name: 'scripted',
      onBar: (_bar, ctx) => {
        if (wants.target) ctx.setTarget(wants.target);
      },
    },
  };
}

function candle(openTime: number, open: number, high = open, low = open, close = open): Candle {
  return { openTime: openTime as EpochMs, open, high, low, close, volume: 1e6 };
}

interface Session {
  readonly loop: BarLoop;
  readonly journal: JournalWriter;
  readonly trades: SqliteTradeStore;
  readonly runId: string;
  /** Steps one hourly bar at `open` (high/low/close default to it) from the next hour. */
  bar(open: number, high?: number, low?: number, close?: number): void;
  bars(n: number, price: number): void;
  position(): number;
}

const cleanups: TempStore[] = [];
afterEach(() => {
  for (const t of cleanups.splice(0)) t.cleanup();
});

async function session(
  start: number,
  strategy: Strategy,
  options: { leverage?: number; risk?: RiskConfig } = {},
): Promise<Session> {
  const t = tempStore();
  cleanups.push(t);
  const trades = new SqliteTradeStore(t.store.db);
  const journal = new JournalWriter(trades);
  const runId = await journal.startRun({
    kind: 'paper',
    strategy: strategy.name,
    exchange: 'testex',
    symbol: SYMBOL,
    timeframe: '1h',
    synthetic: true,
  });
  const loop = new BarLoop({
    symbol: SYMBOL,
    timeframe: '1h',
    start: start as EpochMs,
    strategy,
    instrument: INSTRUMENT,
    initialBalance: 1000,
    leverage: options.leverage ?? 3,
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    maxBarVolumeFraction: 1,
    risk: options.risk ?? defaultConfig().risk,
    observer: journal,
  });
  loop.start();
  let next = start;
  const bar = (open: number, high?: number, low?: number, close?: number): void => {
    loop.step(candle(next, open, high, low, close));
    next += HOUR_MS;
  };
  return {
    loop,
    journal,
    trades,
    runId,
    bar,
    bars: (n, price) => {
      for (let i = 0; i < n; i++) bar(price);
    },
    position: () => loop.portfolio.position(SYMBOL)?.quantity ?? 0,
  };
}

function sent(result: ManualOrderResult): Extract<ManualOrderResult, { ok: true }> {
  if (!result.ok)
    throw new Error(`expected the manual order to be sent, got ${result.rule}: ${result.message}`);
  return result;
}

describe('Kernel.manualOrder', () => {
  it('on a weekday: a manual buy fills at the next bar open, the strategy targets are held, the journal has the manual trade', async () => {
    const { strategy, wants } = scripted();
    const s = await session(WED, strategy);
    s.bar(10); // closes Wed 09:00
    const buy = sent(
      s.loop.kernel.manualOrder({
        side: 'buy',
        quantity: 30,
        operatorNote: 'breakout on the round results',
        mood: 'calm',
        confidence: 0.75,
      }),
    );
    expect(buy).toEqual({
      ok: true,
      clientOrderId: 'scripted-1',
      side: 'buy',
      quantity: 30,
      requested: 30,
      reduceOnly: false,
      leverage: 3,
      decisions: [],
    });
    expect(s.position(), 'nothing fills before the next bar opens').toBe(0);
    s.bar(10.2); // the manual buy fills at this open; at its close the strategy asks for a short
    expect(s.position()).toBe(30);
    const entryFee = 30 * 10.2 * TAKER;
    expect(s.loop.portfolio.position(SYMBOL)?.entryPrice).toBe(10.2);
    wants.target = { side: 'short', tag: 'momentum' };
    s.bar(10.3); // open: the short target is held
    wants.target = { side: 'long', tag: 'momentum' }; // a long would re-size to equity x 3 / price
    s.bar(10.4);
    expect(s.position(), 'the strategy targets did not change the manual position').toBe(30);
    wants.target = undefined;
    const sell = sent(s.loop.kernel.manualOrder({ side: 'sell', quantity: 30, operatorNote: 'take profit' }));
    expect(sell.reduceOnly).toBe(true);
    expect(sell.clientOrderId).toBe('scripted-2');
    s.bar(10.5);
    expect(s.position()).toBe(0);

    s.journal.flush();
    const [trade, ...more] = await s.trades.trades(s.runId);
    expect(more).toEqual([]);
    const exitFee = 30 * 10.5 * TAKER;
    expect(trade).toMatchObject({
      side: 'long',
      signalType: 'manual',
      exitReason: 'manual',
      entryTime: WED + HOUR_MS,
      entryPrice: 10.2,
      exitTime: WED + 4 * HOUR_MS,
      exitPrice: 10.5,
      quantity: 30,
      leverage: 3,
      origin: 'manual',
      operatorNote: 'breakout on the round results',
      mood: 'calm',
      confidence: 0.75,
    });
    expect(trade?.grossPnl).toBeCloseTo(9, 9); // 30 x (10.5 - 10.2)
    expect(trade?.fees).toBeCloseTo(entryFee + exitFee, 12); // 0.153 + 0.1575
    expect(trade?.netPnl).toBeCloseTo(9 - 0.3105, 9);

    const decisions = await s.trades.decisions(s.runId);
    expect(decisions.map((d) => d.kind)).toEqual([
      'manual_order',
      'target',
      'target_held',
      'target',
      'manual_order',
      'target_held', // the long asked at the 10.4 close meets the working sell at the next open
    ]);
    expect(decisions[0]).toMatchObject({
      time: WED + HOUR_MS,
      price: 10,
      detail: { side: 'buy', quantity: 30, outcome: 'sent', clientOrderId: 'scripted-1', sentQuantity: 30 },
      operatorNote: 'breakout on the round results',
      mood: 'calm',
      confidence: 0.75,
    });
    expect(decisions[2]?.detail).toEqual({
      target: { side: 'short', tag: 'momentum' },
      manualOrder: 'scripted-1',
      reason:
        "the position is under manual control (manual order scripted-1): the strategy's short target (momentum) waits until it is flat again",
    });
    expect(decisions[4]).toMatchObject({ operatorNote: 'take profit', detail: { outcome: 'sent' } });
    expect(decisions[4]?.mood).toBeUndefined();
    const orders = await s.trades.orders(s.runId);
    expect(orders.map((o) => [o.clientOrderId, o.side, o.quantity, o.reduceOnly, o.tag, o.status])).toEqual([
      ['scripted-1', 'buy', 30, false, 'manual', 'filled'],
      ['scripted-2', 'sell', 30, true, 'manual', 'filled'],
    ]);
  });

  it('once the manual position is flat, the strategy trades again', async () => {
    const { strategy, wants } = scripted();
    const s = await session(WED, strategy);
    s.bar(10);
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 30, operatorNote: 'in' }));
    wants.target = { side: 'long', tag: 'momentum' };
    s.bar(10); // fills 30; the long target asked at the close is held at the next open
    sent(s.loop.kernel.manualOrder({ side: 'sell', quantity: 30, operatorNote: 'out' }));
    s.bar(10); // held again (the sell is still working at this open), then the sell fills
    expect(s.position()).toBe(0);
    s.bar(10); // flat and nothing manual working: the long target acts
    // Equity 1000 - 2 x 0.15 fees = 999.7; 999.7 x 3 / 10 = 299.9 NMR wanted, margin cap 40%:
    // 399.88 x 3 / 10 = 119.964 -> 119.9 on the 0.1 step.
    expect(s.position()).toBe(119.9);
    s.journal.flush();
    const trades = await s.trades.trades(s.runId);
    expect(trades.map((t) => t.origin)).toEqual(['manual']);
  });

  it('on a Saturday: refused with weekend_manual, nothing sent, the refusal journaled with origin manual', async () => {
    const { strategy } = scripted();
    const s = await session(SAT, strategy);
    s.bar(10); // closes Sat 09:00
    const result = s.loop.kernel.manualOrder({ side: 'buy', quantity: 30, operatorNote: 'weekend pump' });
    const message =
      'a manual override refused at the weekend (2025-01-11T09:00:00.000Z): trading is fully automated on ' +
      'Saturday and Sunday UTC; a safety halt stays allowed';
    expect(result).toMatchObject({ ok: false, rule: 'weekend_manual', message });
    s.bar(10);
    expect(s.position()).toBe(0);
    expect(s.loop.tally.orders, 'no order reached the venue').toBe(0);
    expect(s.loop.venue.openOrders()).toEqual([]);
    s.journal.flush();
    expect(await s.trades.riskDecisions(s.runId)).toEqual([
      {
        seq: 1,
        time: SAT + HOUR_MS,
        symbol: SYMBOL,
        rule: 'weekend_manual',
        outcome: 'refused',
        origin: 'manual',
        message,
        numbers: {},
      },
    ]);
    const [decision] = await s.trades.decisions(s.runId);
    expect(decision).toMatchObject({
      kind: 'manual_order',
      operatorNote: 'weekend pump',
      detail: { outcome: 'refused', rule: 'weekend_manual' },
    });
    expect(await s.trades.orders(s.runId)).toEqual([]);
  });

  it('flatten on a Sunday closes a manual position opened on Friday', async () => {
    const { strategy, wants } = scripted();
    const s = await session(FRI_20, strategy);
    s.bar(10); // closes Fri 21:00
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 20, operatorNote: 'into the weekend' }));
    wants.target = { side: 'flat', tag: 'signal_reversal' };
    s.bars(38, 10); // to Sunday 11:00; the flat targets are held all weekend
    expect(s.position()).toBe(20);
    expect(new Date(s.loop.clock.now()).getUTCDay(), 'a Sunday').toBe(0);
    expect(s.loop.kernel.manualOrder({ side: 'sell', quantity: 20, operatorNote: 'out' })).toMatchObject({
      ok: false,
      rule: 'weekend_manual',
    });
    const flat = s.loop.kernel.flatten();
    expect(flat).toEqual({ clientOrderId: 'scripted-2', quantity: 20 });
    s.bar(9.9);
    expect(s.position()).toBe(0);
    s.journal.flush();
    const [trade] = await s.trades.trades(s.runId);
    expect(trade).toMatchObject({
      origin: 'manual',
      exitReason: 'manual_flatten',
      exitPrice: 9.9,
      exitTime: Date.UTC(2025, 0, 12, 11),
    });
    const kinds = (await s.trades.decisions(s.runId)).map((d) => d.kind);
    // The flat target asked at the Sunday 11:00 close is dropped by the flatten; the next one is asked.
    expect(kinds.slice(-4)).toEqual(['target', 'manual_order', 'manual_flatten', 'target']);
    expect(kinds.filter((k) => k === 'target_held')).toHaveLength(37);
  });

  it('the circuit breaker flattens a manual position and ends manual control', async () => {
    const { strategy, wants } = scripted();
    const s = await session(WED, strategy);
    s.bar(10);
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 30, operatorNote: 'in' }));
    wants.target = { side: 'flat', tag: 'signal_reversal' };
    s.bar(10); // fills 30; the flat asked at the close is held at the next open
    s.bar(10, 11, 10, 10.9); // ranges 10% inside the bar: the breaker trips at the close
    wants.target = { side: 'long', tag: 'momentum' };
    s.bar(10.9); // the breaker's flatten closes the position at this open, whatever the held target
    expect(s.position()).toBe(0);
    s.journal.flush();
    const [trade] = await s.trades.trades(s.runId);
    expect(trade).toMatchObject({ origin: 'manual', exitReason: 'circuit_breaker', exitPrice: 10.9 });
    s.bar(10.9); // halted until 13:00: the long asked at the 12:00 close is refused here, not held
    expect(s.position()).toBe(0);
    s.bar(10.9); // at 13:00 the long acts: equity 1,000 + 27 - 0.15 - 0.1635 = 1,026.6865,
    // margin cap 40% -> 410.6746 x 3 / 10.9 = 113.03 -> 113 NMR
    expect(s.position(), 'the strategy trades again once the calm period ends').toBe(113);
    s.journal.flush();
    const refusals = (await s.trades.riskDecisions(s.runId)).filter((d) => d.outcome === 'refused');
    expect(refusals.map((d) => [d.rule, d.origin, d.time])).toEqual([
      ['circuit_breaker', 'auto', WED + 4 * HOUR_MS],
    ]);
    const held = (await s.trades.decisions(s.runId)).filter((d) => d.kind === 'target_held');
    expect(held.map((d) => (d.detail as { target: TargetPosition }).target.tag)).toEqual(['signal_reversal']);
  });

  it('flatten cancels a manual order still working: nothing fills', async () => {
    const { strategy } = scripted();
    const s = await session(WED, strategy);
    s.bar(10);
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 30, operatorNote: 'in' }));
    expect(s.loop.kernel.flatten()).toEqual({ clientOrderId: undefined, quantity: 0 });
    s.bar(10);
    expect(s.position()).toBe(0);
    expect(s.loop.venue.order('scripted-1' as never)?.status).toBe('canceled');
  });

  it('above the margin cap: resized exactly as checkEntry says (200 -> 120 NMR at 3x)', async () => {
    const { strategy } = scripted();
    const s = await session(WED, strategy);
    s.bar(10);
    const result = sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 200, operatorNote: 'all in' }));
    // Equity 1,000, 3x, price 10: 200 NMR needs margin 666.67 > 40% x 1,000 = 400 -> 400 x 3 / 10 = 120.
    expect(result).toMatchObject({ quantity: 120, requested: 200, leverage: 3 });
    expect(result.decisions).toEqual([
      {
        time: WED + HOUR_MS,
        symbol: SYMBOL,
        rule: 'margin_cap',
        outcome: 'resized',
        origin: 'manual',
        message: 'margin 666.666667 > 40% of equity 1,000 = 400: position cut from 200 to 120 at 3x',
        numbers: {
          marginAfter: 2000 / 3,
          otherMargin: 0,
          equity: 1000,
          maxMarginFraction: 0.4,
          maxMargin: 400,
          leverage: 3,
          price: 10,
          allowedQuantity: 120,
        },
      },
    ]);
    s.bar(10);
    expect(s.position()).toBe(result.decisions[0]?.numbers.allowedQuantity);

    // At the cap: one more NMR has no room; refused as the engine says, nothing sent.
    const more = s.loop.kernel.manualOrder({ side: 'buy', quantity: 10, operatorNote: 'more' });
    expect(more).toMatchObject({ ok: false, rule: 'margin_cap' });
    if (more.ok) return;
    expect(more.decisions).toHaveLength(1);
    expect(more.decisions[0]).toMatchObject({
      outcome: 'refused',
      origin: 'manual',
      numbers: { allowedQuantity: 120 },
    });
    expect(more.message).toBe(more.decisions[0]?.message);
    expect(more.message).toMatch(/: no room to grow the position$/);
    const ordersBefore = s.loop.tally.orders;
    s.bar(10);
    expect(s.loop.tally.orders).toBe(ordersBefore);
    expect(s.position()).toBe(120);
  });

  it('above the leverage cap: 100 NMR at 5x becomes 60 at 3x (same margin)', async () => {
    const { strategy } = scripted();
    const s = await session(WED, strategy, { leverage: 5 });
    s.bar(10);
    const result = sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 100, operatorNote: 'levered' }));
    expect(result).toMatchObject({ quantity: 60, requested: 100, leverage: 3 });
    expect(result.decisions.map((d) => [d.rule, d.outcome, d.message])).toEqual([
      [
        'leverage_cap',
        'resized',
        'leverage 5x is above the cap of 3x: cut to 3x and the position from 100 to 60 (same margin)',
      ],
    ]);
    s.bar(10);
    expect(s.position()).toBe(60);
    expect(s.loop.portfolio.position(SYMBOL)?.leverage).toBe(3);
  });

  it('a reduction passes in thin hours, where a manual entry is refused', async () => {
    const { strategy, wants } = scripted();
    const s = await session(Date.UTC(2025, 0, 8, 0), strategy);
    wants.target = { side: 'long', tag: 'momentum' };
    s.bar(10); // closes 01:00: the long target
    wants.target = undefined;
    s.bar(10); // opens at 01:00 (before thin hours): 1,000 x 3 / 10 = 300 wanted, 120 at the margin cap
    s.bar(10); // closes 03:00, inside 02:00-06:00
    expect(s.position()).toBe(120);
    const entry = s.loop.kernel.manualOrder({ side: 'buy', quantity: 5, operatorNote: 'thin' });
    expect(entry).toMatchObject({ ok: false, rule: 'thin_hours' });
    const reduce = sent(s.loop.kernel.manualOrder({ side: 'sell', quantity: 20, operatorNote: 'trim' }));
    expect(reduce).toMatchObject({ quantity: 20, reduceOnly: true, decisions: [] });
    s.bar(10);
    expect(s.position()).toBe(100);
  });

  it('refuses a second manual order while the first is working, and malformed requests', async () => {
    const { strategy } = scripted();
    const s = await session(WED, strategy);
    expect(s.loop.kernel.manualOrder({ side: 'buy', quantity: 1, operatorNote: 'early' })).toMatchObject({
      ok: false,
      rule: 'no_price',
    });
    s.bar(10);
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 1, operatorNote: 'one' }));
    expect(s.loop.kernel.manualOrder({ side: 'buy', quantity: 1, operatorNote: 'two' })).toEqual({
      ok: false,
      rule: 'manual_pending',
      message:
        'manual order scripted-1 is still working: send the next one once it has filled or been canceled',
      decisions: [],
    });
    expect(() => s.loop.kernel.manualOrder({ side: 'buy', quantity: 1, operatorNote: '  ' })).toThrow(
      new InputError('manual order operatorNote: a note saying why is required'),
    );
    expect(() =>
      s.loop.kernel.manualOrder({ side: 'buy', quantity: 1, operatorNote: 'x', confidence: 4 }),
    ).toThrow('manual order confidence: expected a number in [0, 1], got 4');
    expect(() => s.loop.kernel.manualOrder({ side: 'buy', quantity: NaN, operatorNote: 'x' })).toThrow(
      'manual order quantity: expected a finite number above 0, got NaN',
    );
  });
});

describe('a manual position under the playbook', () => {
  const config = defaultConfig();
  const playbook = () =>
    createPlaybookStrategy({ signals: config.signals, risk: config.risk, playbook: config.playbook });
  // 80 flat hourly bars from Monday 00:00 warm the playbook (73 needed) and close on Thursday 08:00;
  // with a flat price its score is 0, so it never enters on its own.
  const WARM = 80;
  const THU_08 = MON + WARM * HOUR_MS;

  it('the playbook stop at 2.5% below the entry closes it', async () => {
    const s = await session(MON, playbook());
    s.bars(WARM, 10);
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 30, operatorNote: 'stop test' }));
    s.bar(10); // fills at 10; the playbook places its stop at 10 x 0.975 = 9.75
    expect(s.loop.venue.openOrders().map((o) => [o.type, o.side, o.quantity, o.triggerPrice, o.tag])).toEqual(
      [['stop_market', 'sell', 30, 9.75, 'stop_loss']],
    );
    s.bar(10, 10, 9.7, 9.8); // the low touches the stop
    expect(s.position()).toBe(0);
    s.journal.flush();
    const [trade] = await s.trades.trades(s.runId);
    expect(trade).toMatchObject({
      origin: 'manual',
      operatorNote: 'stop test',
      entryPrice: 10,
      exitPrice: 9.75,
      exitReason: 'stop_loss',
      entryTime: THU_08,
    });
  });

  it('the playbook time exit closes it after 6 h not in profit', async () => {
    const s = await session(MON, playbook());
    s.bars(WARM, 10);
    sent(s.loop.kernel.manualOrder({ side: 'buy', quantity: 30, operatorNote: 'time test' }));
    s.bars(6, 10); // fills at Thu 08:00; the bar closing at 14:00 is 6 h after: time exit asked
    expect(s.position()).toBe(30);
    s.bar(10); // the time exit target is protective: it acts on the manual position
    expect(s.position()).toBe(0);
    s.journal.flush();
    const [trade] = await s.trades.trades(s.runId);
    expect(trade).toMatchObject({
      origin: 'manual',
      entryTime: THU_08,
      exitTime: THU_08 + 6 * HOUR_MS,
      exitReason: 'time_exit',
      exitPrice: 10,
    });
    const held = (await s.trades.decisions(s.runId)).filter((d) => d.kind === 'target_held');
    expect(held, 'the time exit was not held').toEqual([]);
  });
});
