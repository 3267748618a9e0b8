import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientOrderId, Fill, OrderState } from '../../src/core/index.js';
import { DEFAULT_FUNDING_FALLBACK, type BacktestResult, runBacktest } from '../../src/backtest/index.js';
import {
  EXCHANGE,
  H,
  INSTRUMENT,
  SYMBOL,
  T0,
  type TempStore,
  exactSpec,
  flatBars,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from '../../src/backtest/test-helpers.js';
import { CandleSeriesBuilder, type MarketStore } from '../../src/data/index.js';
import { DEFAULT_SLIPPAGE, MAX_SLIPPAGE_FRACTION } from '../../src/execution/index.js';
import type { KernelObserver } from '../../src/kernel/index.js';
import type { BarEvent, Strategy, StrategyContext, TargetPosition } from '../../src/strategy/index.js';
import { AccountModel, type ModelBar, type ModelState, maintenanceMargin } from './engine-model.js';

/**
 * Engine properties (issue 3 point 9) on SYNTHETIC markets: random hourly price paths with gaps,
 * jumps, wicks and zero-volume bars, random funding (both signs, 4 h or 8 h apart), and a scripted
 * random strategy (targets long/short/flat at 1-5x, reduce-only stop-markets, cancels), run with
 * slippage on and a volume cap below 1. An independent account model (engine-model.ts) follows the
 * observer callbacks and every bar's equity row is checked against it.
 */

type Action =
  | { readonly kind: 'none' }
  | { readonly kind: 'target'; readonly side: TargetPosition['side']; readonly leverage: number }
  | { readonly kind: 'stop'; readonly fraction: number; readonly distance: number }
  | { readonly kind: 'cancel' };

interface StepSpec {
  readonly ret: number;
  readonly jump: number;
  readonly gap: number;
  readonly up: number;
  readonly down: number;
  readonly volume: number;
  readonly action: Action;
}

interface Scenario {
  readonly start: number;
  readonly steps: readonly StepSpec[];
  readonly initialBalance: number;
  readonly leverage: number;
  readonly volumeFraction: number;
  readonly fundingSpacing: 4 | 8;
  readonly fundingFirst: number;
  readonly fundingRates: readonly number[];
  readonly constantRate8h: number;
}

const small = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const sometimes = (weightZero: number, arb: fc.Arbitrary<number>) =>
  fc.oneof({ weight: weightZero, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: arb });

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('target' as const),
      side: fc.constantFrom('long' as const, 'short' as const, 'flat' as const),
      // 1-5x, weighted toward 5x so that liquidations happen often enough to be tested.
      leverage: fc.constantFrom(1, 2, 3, 4, 5, 5, 5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('stop' as const),
      fraction: small(0.1, 1.3),
      distance: small(0.002, 0.1),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
);

const step: fc.Arbitrary<StepSpec> = fc.record({
  ret: small(-0.06, 0.06),
  jump: sometimes(3, small(-0.5, 0.5)),
  gap: sometimes(4, small(-0.02, 0.02)),
  up: small(0, 0.04),
  down: small(0, 0.04),
  volume: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.integer({ min: 300, max: 5000 }) },
  ),
  action,
});

const scenario: fc.Arbitrary<Scenario> = fc.record({
  start: small(4, 30),
  steps: fc.array(step, { minLength: 20, maxLength: 90 }),
  initialBalance: fc.integer({ min: 300, max: 8_000 }),
  leverage: fc.integer({ min: 1, max: 5 }),
  volumeFraction: small(0.05, 0.95),
  fundingSpacing: fc.constantFrom(4 as const, 8 as const),
  // From hour 0: a real settlement at the first bar's open (a fixed bug, regression test below).
  fundingFirst: fc.integer({ min: 0, max: 3 }),
  fundingRates: fc.array(small(-0.003, 0.003), { maxLength: 25 }),
  constantRate8h: small(-0.001, 0.001),
});

/**
 * Slippage on (half-spread, square-root impact, thin hours x2), with the impact coefficient cut to
 * 0.05: at the default 1, the random paths here (50% jumps, zero-volume bars, volume spikes) drive
 * the slippage fraction to its cap (MAX_SLIPPAGE_FRACTION, regression test at the end of this file)
 * on most fills. A reduce filled that far below a 5x long's bankruptcy price realises more than the
 * margin it releases (the wallet pays the rest), so "a liquidated trade loses at most the margin it
 * posted" no longer holds (seeds 11 and 33 at coefficient 1). 0.05 keeps
 * sigma x sqrt(participation) x 0.05 x 2 below 1, so fills stay near the bar.
 */
const PROPERTY_SLIPPAGE = { ...DEFAULT_SLIPPAGE, impactCoefficient: 0.05 };

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The synthetic hourly bars of a scenario (prices on the 0.001 tick, never below 0.5). */
function barsOf(s: Scenario): ModelBar[] {
  const out: ModelBar[] = [];
  let prev = round3(s.start);
  s.steps.forEach((st, i) => {
    const open = Math.max(0.5, round3(prev * (1 + st.gap)));
    const close = Math.max(0.5, round3(open * Math.max(0.3, 1 + st.ret + st.jump)));
    const high = Math.max(open, close, round3(Math.max(open, close) * (1 + st.up)));
    const low = Math.max(0.4, Math.min(open, close, round3(Math.min(open, close) * (1 - st.down))));
    out.push({ openTime: T0 + i * H, open, high, low, close, volume: st.volume });
    prev = close;
  });
  return out;
}

/** Stores hourly bars with their own volumes (labelled synthetic). */
function storeBars(store: MarketStore, bars: readonly ModelBar[]): void {
  const b = new CandleSeriesBuilder('1h');
  for (const x of bars) b.push(x.openTime, x.open, x.high, x.low, x.close, x.volume);
  store.upsertCandles({ exchange: EXCHANGE, symbol: SYMBOL, kind: 'candles', timeframe: '1h' }, b.build(), {
    synthetic: true,
    source: 'engine property test: synthetic random path',
  });
}

/** Acts on the scenario's script at each close and snapshots the model for that bar. */
function scriptedStrategy(steps: readonly StepSpec[], model: AccountModel, snaps: ModelState[]): Strategy {
  let i = 0;
  let lastStop: ClientOrderId | undefined;
  return {
    name: 'props',
    onBar(bar: BarEvent, ctx: StrategyContext) {
      snaps.push(model.snapshot(i));
      const a = steps[i++]?.action ?? { kind: 'none' };
      if (a.kind === 'target') {
        ctx.setTarget({ side: a.side, leverage: a.leverage, tag: `t${a.leverage}` });
      } else if (a.kind === 'stop') {
        const pos = ctx.position();
        const long = (pos?.quantity ?? 1) > 0;
        const close = bar.candle.close;
        lastStop = ctx.submitOrder({
          side: long ? 'sell' : 'buy',
          type: 'stop_market',
          quantity: Math.max(0.1, Math.round(Math.abs(pos?.quantity ?? 1) * a.fraction * 10) / 10),
          triggerPrice: round3(close * (long ? 1 - a.distance : 1 + a.distance)),
          reduceOnly: true,
          tag: 'stop',
        });
      } else if (a.kind === 'cancel' && lastStop !== undefined) {
        ctx.cancelOrder(lastStop);
      }
    },
  };
}

interface Run {
  readonly result: BacktestResult;
  readonly model: AccountModel;
  readonly snaps: readonly ModelState[];
  readonly bars: readonly ModelBar[];
  /** Fills after a liquidation of orders sent before it (the strategy here sends no entry orders itself). */
  readonly fillsAfterLiquidation: readonly string[];
}

/** The model as observer, plus a watch for orders that outlive a liquidation. */
function watchedObserver(model: AccountModel, late: string[]): KernelObserver {
  const sentAt = new Map<string, number>();
  let liquidatedAt = -Infinity;
  return {
    onOrder(o) {
      model.onOrder(o);
      if (!sentAt.has(o.clientOrderId)) sentAt.set(o.clientOrderId, o.createdAt);
    },
    onFill(f) {
      model.onFill(f);
      if ((sentAt.get(f.clientOrderId) ?? Infinity) < liquidatedAt)
        late.push(
          `fill ${f.tradeId} of ${f.clientOrderId} (${f.tag}) after the liquidation at ${liquidatedAt}`,
        );
    },
    onFunding: (e, cashflow) => model.onFunding(e, cashflow),
    onLiquidation(symbol, time, r) {
      model.onLiquidation(symbol, time, r);
      liquidatedAt = time;
    },
    onTrade: (tr) => model.onTrade(tr),
  };
}

function runScenario(s: Scenario): Run {
  const t = tempStore();
  try {
    const bars = barsOf(s);
    storeBars(t.store, bars);
    const lastHour = bars.length;
    const funding: [number, number][] = s.fundingRates
      .map((rate, k): [number, number] => [(s.fundingFirst + k) * s.fundingSpacing, rate])
      .filter(([h]) => h <= lastHour);
    if (funding.length > 0) storeFunding(t.store, funding);
    const model = new AccountModel(s.initialBalance, INSTRUMENT, s.leverage, bars, T0, H);
    const snaps: ModelState[] = [];
    const fillsAfterLiquidation: string[] = [];
    const result = runBacktest(t.store, {
      ...exactSpec({
        initialBalance: s.initialBalance,
        leverage: s.leverage,
        slippage: PROPERTY_SLIPPAGE,
        maxBarVolumeFraction: s.volumeFraction,
        fundingFallback: { ...DEFAULT_FUNDING_FALLBACK, constantRate8h: s.constantRate8h },
      }),
      strategy: scriptedStrategy(s.steps, model, snaps),
      observer: watchedObserver(model, fillsAfterLiquidation),
    });
    return { result, model, snaps, bars, fillsAfterLiquidation };
  } finally {
    t.cleanup();
  }
}

/** Every per-bar property; returns the first few violations (empty when all hold). */
function violations(s: Scenario, run: Run): string[] {
  const { result, model, snaps, bars } = run;
  const out = [...model.problems, ...run.fillsAfterLiquidation];
  const bad = (msg: string): void => {
    if (out.length < 20) out.push(msg);
  };
  const tol = 1e-9 * model.scale;
  const col = (f: Parameters<BacktestResult['equity']['column']>[0]) => result.equity.column(f);
  const [eq, wallet, upnl, margin, position, price] = [
    col('equity'),
    col('wallet'),
    col('unrealisedPnl'),
    col('marginUsed'),
    col('position'),
    col('price'),
  ];
  if (eq.length !== bars.length || snaps.length !== bars.length)
    bad(`rows ${eq.length}, snapshots ${snaps.length}`);
  bars.forEach((bar, i) => {
    const m = snaps[i] as ModelState;
    const at = `bar ${i}`;
    const e = eq[i] as number;
    const w = wallet[i] as number;
    const u = upnl[i] as number;
    const mg = margin[i] as number;
    const myUpnl = m.quantity * (bar.close - m.entry);
    if (price[i] !== bar.close) bad(`${at}: price ${price[i]} is not the close ${bar.close}`);
    if (Math.abs((position[i] as number) - m.quantity) > 1e-9)
      bad(`${at}: position ${position[i]} vs model ${m.quantity}`);
    if (Math.abs(e - (w + u)) > tol) bad(`${at}: equity ${e} != wallet ${w} + unrealised ${u}`);
    if (Math.abs(u - myUpnl) > tol) bad(`${at}: unrealised ${u} vs model ${myUpnl}`);
    if (Math.abs(w - m.wallet) > tol)
      bad(`${at}: wallet ${w} vs initial + realised - fees + funding ${m.wallet}`);
    if (Math.abs(e - (m.wallet + myUpnl)) > tol) bad(`${at}: equity ${e} vs model ${m.wallet + myUpnl}`);
    if (Math.abs(mg - m.margin) > tol) bad(`${at}: margin ${mg} vs model ${m.margin}`);
    if (mg < 0) bad(`${at}: negative isolated margin ${mg}`);
    // Without a liquidation the margin balance stays non-negative (above maintenance, in fact).
    if (m.quantity !== 0 && mg + myUpnl < -tol)
      bad(`${at}: margin ${mg} + unrealised ${myUpnl} < 0, no liquidation`);
    // Volume cap: all fills of the bar together.
    const filled = model.filledPerBar.get(i) ?? 0;
    if (filled > s.volumeFraction * bar.volume + 1e-9)
      bad(`${at}: filled ${filled} > cap ${s.volumeFraction * bar.volume}`);
    // A position held into the bar's path and not touched by a stop there is liquidated iff the path
    // reached its liquidation price: margin + PnL at the worst price <= maintenance margin there.
    const start = model.pathStart.get(i);
    if (start && start.quantity !== 0 && !model.pathFillBars.has(i)) {
      const worst = start.quantity > 0 ? bar.low : bar.high;
      const notional = Math.abs(start.quantity) * worst;
      const balance =
        start.margin +
        start.quantity * (worst - start.entry) -
        maintenanceMargin(INSTRUMENT.marginTiers, notional);
      const band = 1e-7 * notional + 1e-9;
      const liquidated = model.liquidatedBars.has(i);
      if (balance < -band && !liquidated) bad(`${at}: path reached the liquidation price, no liquidation`);
      if (balance > band && liquidated) bad(`${at}: liquidated although the path stayed above maintenance`);
    }
  });
  if (result.counts.fills !== model.fills)
    bad(`fills: result ${result.counts.fills}, observer ${model.fills}`);
  if (result.metrics.liquidations !== model.liquidations)
    bad(`liquidations: result ${result.metrics.liquidations}, observer ${model.liquidations}`);
  const last = snaps[snaps.length - 1];
  const lastBar = bars[bars.length - 1];
  if (last && lastBar) {
    const fin = last.wallet + last.quantity * (lastBar.close - last.entry);
    if (Math.abs(result.metrics.finalEquity - fin) > tol)
      bad(`final equity ${result.metrics.finalEquity} vs model ${fin}`);
  }
  return out;
}

describe('engine properties on random synthetic markets (fast-check)', () => {
  it('keeps equity, wallet, margins, filters, volume cap and liquidations consistent at every bar', () => {
    let liquidations = 0;
    let partial = 0;
    let stopFills = 0;
    let funding = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const run = runScenario(s);
        const v = violations(s, run);
        expect(v, v.join('\n')).toEqual([]);
        liquidations += run.model.liquidations;
        partial += run.model.partialFills;
        stopFills += run.model.pathFillBars.size;
        funding += run.model.fundingSettled;
      }),
      // The seed is the run's fixed one (test/setup/fast-check-seed.ts; FC_SEED overrides it). A
      // counterexample found on another seed becomes a literal scenario below.
      { numRuns: 500 },
    );
    // The generator must actually reach the interesting cases.
    expect(liquidations, 'liquidations over all runs').toBeGreaterThan(5);
    expect(stopFills, 'stop fills over all runs').toBeGreaterThan(10);
    expect(partial, 'partial fills over all runs').toBeGreaterThan(10);
    expect(funding, 'funding cash flows on open positions over all runs').toBeGreaterThan(10);
  });

  // FIXED BUG (src/kernel/trade-tracker.ts), found by this property on seed 1078819983: a long at 1x,
  // grown to 5x, closed by a reduce-only target over thin bars whose volume cap splits every order into
  // pieces (buys of 410.3 + 261.9 + 522.1 + 1676.3 + 1662.3 + 2868 sum to 7400.900000000001 in float).
  // The portfolio closed the position on the last sell (relative tolerance), but the tracker tested its
  // own running sum against an absolute 1e-12, so trade 1 stayed open and swallowed trade 2: trade 1
  // -20.38216 vs the model's -13.80968, trade 2 -0.00128 vs -6.57248. The shrunk counterexample as a
  // literal scenario (flat price 4, so the PnL is the spread and slippage paid):
  it('books each trade the model books when split fills close a position with float dust (seed 1078819983)', () => {
    const flatStep = (volume: number, a: Action = { kind: 'none' }): StepSpec => ({
      ...{ ret: 0, jump: 0, gap: 0, up: 0, down: 0 },
      volume,
      action: a,
    });
    const target = (side: TargetPosition['side'], leverage: number): Action => ({
      kind: 'target',
      side,
      leverage,
    });
    const stop: Action = { kind: 'stop', fraction: 0.1, distance: 0.002 };
    const cancel: Action = { kind: 'cancel' };
    const s: Scenario = {
      start: 4,
      steps: [
        flatStep(300, target('long', 1)),
        flatStep(470),
        flatStep(300, target('long', 5)),
        flatStep(598),
        flatStep(1920, stop),
        flatStep(0),
        flatStep(1904),
        flatStep(3285, target('flat', 1)),
        flatStep(2213),
        flatStep(860, cancel),
        flatStep(850),
        flatStep(1624, cancel),
        flatStep(2930, target('long', 1)),
        flatStep(419, target('long', 3)),
        flatStep(0, stop),
        flatStep(0, cancel),
        flatStep(4286, target('short', 1)),
        flatStep(300),
        flatStep(300),
        flatStep(300),
        flatStep(3806, target('long', 1)),
        flatStep(300),
        flatStep(300, cancel),
      ],
      initialBalance: 5923,
      leverage: 1,
      volumeFraction: 0.8730769230769223,
      fundingSpacing: 4,
      fundingFirst: 1,
      fundingRates: [],
      constantRate8h: 0,
    };
    const run = runScenario(s);
    const v = violations(s, run);
    expect(v, v.join('\n')).toEqual([]);
    // Long 7400.9 closed at 3.9992, long 4107.8 closed by the short target's first 4107.8, short 0.8.
    const trades = run.result.trades.map((t) => [t.side, Math.round(t.quantity * 10) / 10, t.grossPnl]);
    expect(trades.map(([side, qty]) => [side, qty])).toEqual([
      ['long', 7400.9],
      ['long', 4107.8],
      ['short', 0.8],
    ]);
    expect(trades[0]?.[2], 'trade 1: the model books -13.80968').toBeCloseTo(-13.80968, 6);
    expect(trades[1]?.[2], 'trade 2: the model books -6.57248').toBeCloseTo(-6.57248, 6);
  });
});

describe('engine fixed scenarios', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  function recorder(): { fills: Fill[]; orders: OrderState[] } {
    return { fills: [], orders: [] };
  }

  /** Long 100 from bar 1's open (10), then a reduce-only stop sell at 9.5 placed at bar 2's close. */
  function stopScenario(bar3: number[]): { result: BacktestResult; fills: Fill[]; stop: OrderState[] } {
    storeHourlyBars(t.store, [[10, 10, 10, 10], [10, 10, 10, 10], [10, 10.2, 9.9, 10], bar3, [9, 9, 9, 9]]);
    const rec = recorder();
    let i = 0;
    const strategy: Strategy = {
      name: 'stop',
      onBar(_bar, ctx) {
        if (i === 0) ctx.setTarget({ side: 'long', tag: 'entry' });
        if (i === 2) {
          ctx.submitOrder({
            side: 'sell',
            type: 'stop_market',
            quantity: 100,
            triggerPrice: 9.5,
            reduceOnly: true,
            tag: 'stop',
          });
        }
        i++;
      },
    };
    const result = runBacktest(t.store, {
      ...exactSpec(),
      strategy,
      observer: { onFill: (f) => rec.fills.push(f), onOrder: (o) => rec.orders.push(o) },
    });
    return { result, fills: rec.fills, stop: rec.orders.filter((o) => o.tag === 'stop') };
  }

  it('fills a reduce-only stop sell that the next bar gaps through at that bar open, exactly', () => {
    const { result, fills, stop } = stopScenario([8.5, 8.8, 8.4, 8.6]);
    expect(stop[0]?.status).toBe('open');
    expect(fills.map((f) => [f.side, f.quantity, f.price, f.time, f.reduceOnly])).toEqual([
      ['buy', 100, 10, T0 + H, false],
      ['sell', 100, 8.5, T0 + 4 * H - 1, true],
    ]);
    // 1000 - 0.5 (entry fee) + 100 x (8.5 - 10) - 0.425 (exit fee) = 849.075
    expect(result.metrics.finalEquity).toBeCloseTo(849.075, 9);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]).toMatchObject({ exitReason: 'stop', exitPrice: 8.5, liquidated: false });
    expect(Array.from(result.equity.column('position'))).toEqual([0, 100, 100, 0, 0]);
  });

  it('fills the same stop at its trigger when the bar opens above it and trades down through it', () => {
    const { result, fills } = stopScenario([9.8, 9.9, 9.0, 9.2]);
    expect(fills.map((f) => [f.side, f.quantity, f.price, f.time])).toEqual([
      ['buy', 100, 10, T0 + H],
      ['sell', 100, 9.5, T0 + 4 * H - 1],
    ]);
    // 1000 - 0.5 + 100 x (9.5 - 10) - 0.475 = 949.025
    expect(result.metrics.finalEquity).toBeCloseTo(949.025, 9);
  });

  it('fills a market order over several bars under a 10% volume cap, in exact pieces at each open', () => {
    // Volume 300 per bar, cap 10%: 30 NMR per bar. The long of floor(1000 / 10) = 100 NMR fills
    // 30 + 30 + 30 + 10 at the opens of bars 1-4; the exit (flat, reduce-only) likewise at bars 6-9.
    const opens = [10, 10, 10.5, 11, 10.8, 10.6, 10.4, 10.2, 10, 9.8, 9.8];
    storeHourlyBars(
      t.store,
      opens.map((o) => [o, o, o, o]),
      300,
    );
    const rec = recorder();
    let i = 0;
    const strategy: Strategy = {
      name: 'partial',
      onBar(_bar, ctx) {
        if (i === 0) ctx.setTarget({ side: 'long', tag: 'entry' });
        if (i === 5) ctx.setTarget({ side: 'flat', tag: 'exit' });
        i++;
      },
    };
    const result = runBacktest(t.store, {
      ...exactSpec({ maxBarVolumeFraction: 0.1 }),
      strategy,
      observer: { onFill: (f) => rec.fills.push(f), onOrder: (o) => rec.orders.push(o) },
    });
    expect(rec.fills.map((f) => [f.side, f.quantity, f.price, f.time])).toEqual([
      ['buy', 30, 10, T0 + H],
      ['buy', 30, 10.5, T0 + 2 * H],
      ['buy', 30, 11, T0 + 3 * H],
      ['buy', 10, 10.8, T0 + 4 * H],
      ['sell', 30, 10.4, T0 + 6 * H],
      ['sell', 30, 10.2, T0 + 7 * H],
      ['sell', 30, 10, T0 + 8 * H],
      ['sell', 10, 9.8, T0 + 9 * H],
    ]);
    // Consecutive repeats dropped: the exit target cancels the finished entry order, which reports
    // its unchanged `filled` state once more.
    const entryStates = rec.orders
      .filter((o) => o.tag === 'entry')
      .map((o) => [o.status, o.filledQuantity])
      .filter((x, k, all) => k === 0 || JSON.stringify(x) !== JSON.stringify(all[k - 1]));
    expect(entryStates).toEqual([
      ['open', 0],
      ['partially_filled', 30],
      ['partially_filled', 60],
      ['partially_filled', 90],
      ['filled', 100],
    ]);
    expect(Array.from(result.equity.column('position'))).toEqual([0, 30, 60, 90, 100, 100, 70, 40, 10, 0, 0]);
    // Entry 10.53 average (300 + 315 + 330 + 108) / 100; exit 10.16 average (312 + 306 + 300 + 98) / 100.
    const trade = result.trades[0];
    expect(trade?.entryPrice).toBeCloseTo(10.53, 12);
    expect(trade?.exitPrice).toBeCloseTo(10.16, 12);
    const fees = 0.0005 * (1053 + 1016);
    expect(result.metrics.fees).toBeCloseTo(fees, 12);
    expect(result.metrics.finalEquity).toBeCloseTo(1000 + 100 * (10.16 - 10.53) - fees, 9);
  });
});

describe('engine bugs found by these tests (fixed; kept as regression tests)', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
  });
  afterEach(() => t.cleanup());

  // FIXED BUG (src/kernel/kernel.ts), found by a check added to the engine property: the target order
  // of an entry split over bars by the volume cap kept working after the position it was building was
  // liquidated, re-opening it bar after bar (26 such fills in 500 runs on the fixed seed); a reducing
  // target working when the liquidation hit went on to open the other side. The target was sized for
  // a position that no longer exists: the kernel now cancels it on a liquidation.
  it('cancels the rest of a split entry when the position it builds is liquidated', () => {
    // Volume 300, cap 10%: 30 NMR a bar of the 5x long of 500 NMR; 60 held at 10 by bar 2, whose low
    // of 7 is beyond the liquidation price (about 8.2).
    storeHourlyBars(
      t.store,
      [
        [10, 10, 10, 10],
        [10, 10, 10, 10],
        [10, 10, 7, 9],
        [9, 9, 9, 9],
        [9, 9, 9, 9],
      ],
      300,
    );
    const fills: Fill[] = [];
    const orders: OrderState[] = [];
    let i = 0;
    const result = runBacktest(t.store, {
      ...exactSpec({ maxBarVolumeFraction: 0.1 }),
      strategy: {
        name: 'entry',
        onBar(_bar, ctx) {
          if (i++ === 0) ctx.setTarget({ side: 'long', leverage: 5, tag: 'entry' });
        },
      },
      observer: { onFill: (f) => fills.push(f), onOrder: (o) => orders.push(o) },
    });
    expect(fills.map((f) => [f.side, f.quantity, f.price, f.time])).toEqual([
      ['buy', 30, 10, T0 + H],
      ['buy', 30, 10, T0 + 2 * H],
    ]);
    expect(result.metrics.liquidations).toBe(1);
    expect(orders.at(-1)).toMatchObject({ tag: 'entry', status: 'canceled', filledQuantity: 60 });
    expect(Array.from(result.equity.column('position'))).toEqual([0, 30, 0, 0, 0]);
  });

  // FIXED BUG (src/backtest/funding-sources.ts planFunding + src/portfolio/portfolio.ts settleFunding): a
  // REAL funding settlement stored at the first bar's open time gets markPrice = closeBefore(...) =
  // NaN (no bar has closed yet; constant/estimated events there are skipped, real ones are not), and
  // Portfolio.settleFunding asserts the mark price before it checks for a position, so the whole
  // backtest dies with "InvariantError: funding mark price must be finite and > 0, got NaN" even
  // while flat. Any run whose --from falls on a stored settlement (e.g. 00:00 UTC) is affected.
  it('runs when a real funding settlement falls on the first bar open', () => {
    storeHourlyBars(t.store, flatBars(10, 4));
    storeFunding(t.store, [[0, 0.0001]]);
    const r = runBacktest(t.store, { ...exactSpec(), strategy: { name: 'idle' } });
    expect(r.counts.bars).toBe(4);
  });

  // FIXED BUG (src/execution/slippage.ts slippageFraction / applySlippage): the slippage fraction has no
  // upper bound, so a taker sell that is large against the recent average bar volume (thin, volatile
  // hours) gets a fraction above 1 and a NEGATIVE fill price; Portfolio.applyFill then throws
  // InvariantError and the backtest dies. Here: closes alternate 10 / 10.6 on 1-NMR bars (sigma of log
  // returns ~0.06), then a liquid bar at 03:00 UTC (thin hours, x2): a 100 NMR short entry gets
  // f = (0.0002 + 0.06 x sqrt(100 / 1)) x 2 ~ 1.2, i.e. a sell at about -2 USDT.
  it('never fills a taker sell at a price <= 0, however thin the recent volume', () => {
    const rows: [number, number][] = Array.from({ length: 27 }, (_, i) => [i % 2 ? 10.6 : 10, 1]);
    rows.push([10, 1e6], [10, 1e6]);
    const b = new CandleSeriesBuilder('1h');
    rows.forEach(([p, v], i) => b.push(T0 + i * H, p, p, p, p, v));
    t.store.upsertCandles(
      { exchange: EXCHANGE, symbol: SYMBOL, kind: 'candles', timeframe: '1h' },
      b.build(),
      { synthetic: true, source: 'hand-made test bars' },
    );
    const fills: Fill[] = [];
    let i = 0;
    runBacktest(t.store, {
      ...exactSpec({ slippage: DEFAULT_SLIPPAGE }),
      strategy: {
        name: 'short',
        onBar(_bar, ctx) {
          if (i++ === 26) ctx.setTarget({ side: 'short', tag: 'entry' }); // fills at 03:00 of day 2
        },
      },
      observer: { onFill: (f) => fills.push(f) },
    });
    expect(fills[0]?.time).toBe(T0 + 27 * H);
    expect(fills[0]?.price).toBeGreaterThan(0);
    expect(fills[0]?.price, 'capped at MAX_SLIPPAGE_FRACTION below the open').toBeCloseTo(
      10 * (1 - MAX_SLIPPAGE_FRACTION),
      9,
    );
  });
});
