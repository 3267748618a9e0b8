import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BacktestResult, DEFAULT_FUNDING_FALLBACK, runBacktest } from '../../src/backtest/index.js';
import { tempStore } from '../../src/backtest/test-helpers.js';
import type { EpochMs, Fill, OrderState } from '../../src/core/index.js';
import type { KernelObserver } from '../../src/kernel/index.js';
import type { LiquidationResult } from '../../src/portfolio/index.js';
import type { RiskDecision } from '../../src/risk/index.js';
import type {
  BarEvent,
  FundingRateEvent,
  Strategy,
  StrategyContext,
  TargetPosition,
} from '../../src/strategy/index.js';
import { type ModelBar, halts, haltAt, regimes } from './risk-model.js';
import { DAY0, M15, type Ohlc, defaultRisk, iso, riskSpec, store15m } from './scenario.js';

/**
 * Issue 4 point 4 as properties of the whole engine (runBacktest with the default risk limits) on
 * SYNTHETIC random 15m paths of ~200 bars, calm or violent (jumps up to 15% a bar, gaps, long wicks),
 * volumes from thin to deep, funding of either sign, and a random strategy that asks random targets
 * (long, short or flat, 1x to 5x). At every fill that opens or grows a position:
 * - the position's leverage is at most the active cap (3x, 2x in high volatility);
 * - the position's margin right after the fill is at most the active fraction (40%, 25% in high
 *   volatility) of the equity at sizing time (the bar's open), plus one step of tolerance;
 * - no halt (breaker calm, daily loss, drawdown) is in force and the time is outside 02:00-06:00 UTC,
 *   both when the order was sized and when any later piece of it fills (the kernel asks the risk
 *   engine again before each piece of an entry the bar volume cap split over several bars). A later
 *   piece may still push the margin a little past the cap when the price moved since sizing: such
 *   pieces are counted, not failed on.
 * Halts and regime come from an independent brute-force model (risk-model.ts), not from the engine;
 * and at every bar equity = wallet + unrealised PnL, both as the curve records it and as replayed
 * from the fills, funding and liquidations the observer saw.
 */

const RISK = defaultRisk();
const STEP = 0.1;

const barArb = fc.record({
  ret: fc.oneof(
    { weight: 12, arbitrary: fc.double({ min: -0.012, max: 0.012, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: -0.15, max: 0.15, noNaN: true }) },
  ),
  gap: fc.oneof(
    { weight: 12, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.double({ min: -0.06, max: 0.06, noNaN: true }) },
  ),
  up: fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: 0, max: 0.01, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 0.1, noNaN: true }) },
  ),
  down: fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: 0, max: 0.01, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: 0, max: 0.1, noNaN: true }) },
  ),
  volume: fc.oneof(
    { weight: 6, arbitrary: fc.constant(1_000_000) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 50_000 }) },
  ),
  target: fc.option(
    fc.record({
      side: fc.constantFrom<TargetPosition['side']>('long', 'short', 'flat'),
      leverage: fc.integer({ min: 1, max: 5 }),
    }),
    { freq: 3, nil: undefined },
  ),
});

const scenarioArb = fc.record({
  /** First bar's open, quarter-hours after Monday 00:00 UTC: any time of day. */
  startQuarter: fc.integer({ min: 0, max: 95 }),
  bars: fc.array(barArb, { minLength: 150, maxLength: 220 }),
  fundingRate8h: fc.constantFrom(0, 0.0001, -0.0003, 0.002),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Bar extends ModelBar {
  readonly volume: number;
}

function pathOf(s: Scenario): Bar[] {
  const start = DAY0 + s.startQuarter * M15;
  let close = 10;
  return s.bars.map((b, i) => {
    const round = (x: number): number => Math.max(0.5, Math.round(x * 1000) / 1000);
    const open = round(close * (1 + b.gap));
    close = round(open * (1 + b.ret));
    const high = round(Math.max(open, close) * (1 + b.up));
    const low = round(Math.min(open, close) * (1 - b.down));
    const openTime = start + i * M15;
    return { openTime, closeTime: openTime + M15, open, high, low, close, volume: b.volume };
  });
}

/** When and on what an order was sized: the bar open it was sent at, and the equity there. */
interface Sizing {
  readonly time: number;
  readonly open: number;
  readonly equity: number;
}

/** A fill that opened or grew a position, with its order's sizing and what the account showed after it. */
interface EntryFill {
  readonly fill: Fill;
  readonly sizing: Sizing;
  /** False for a later piece of an order the bar volume cap split over several bars. */
  readonly firstOfOrder: boolean;
  leverage?: number;
  marginAfter?: number;
  quantityAfter?: number;
}

/**
 * Replays the account from the observer's callbacks (fills, funding cash flows, liquidations) with its
 * own arithmetic, notes the equity each order was sized on, and keeps every fill that opened or grew
 * the position.
 */
class Replay implements KernelObserver {
  readonly entries: EntryFill[] = [];
  readonly decisions: RiskDecision[] = [];
  readonly problems: string[] = [];
  /** Wallet and position at every bar close, taken from the strategy's onBar. */
  readonly perBar: { wallet: number; quantity: number; entry: number }[] = [];
  readonly #sizing = new Map<string, Sizing>();
  readonly #filled = new Set<string>();
  #steps = 0; // signed position in 0.1 NMR steps
  #entry = 0;
  #wallet: number;

  constructor(
    initial: number,
    readonly bars: readonly Bar[],
  ) {
    this.#wallet = initial;
  }

  get quantity(): number {
    return this.#steps / 10;
  }

  snapshot(): void {
    this.perBar.push({ wallet: this.#wallet, quantity: this.quantity, entry: this.#entry });
  }

  onOrder(o: OrderState): void {
    if (this.#sizing.has(o.clientOrderId)) return;
    const bar = this.bars.find((b) => b.openTime === o.createdAt);
    const open = bar?.open ?? NaN;
    this.#sizing.set(o.clientOrderId, {
      time: o.createdAt,
      open,
      equity: this.#wallet + (this.#steps / 10) * (open - this.#entry),
    });
  }

  onFill(f: Fill): void {
    const n = Math.round(f.quantity / STEP);
    const signed = f.side === 'buy' ? n : -n;
    const q = this.#steps;
    const sizing = this.#sizing.get(f.clientOrderId);
    const firstOfOrder = !this.#filled.has(f.clientOrderId);
    this.#filled.add(f.clientOrderId);
    this.#wallet -= f.fee;
    const closed = q === 0 || Math.sign(q) === Math.sign(signed) ? 0 : Math.min(n, Math.abs(q));
    const opened = n - closed;
    if (closed > 0) this.#wallet += (closed / 10) * (f.price - this.#entry) * Math.sign(q);
    if (opened > 0) {
      if (!sizing || !this.bars.some((b) => b.openTime === f.time))
        this.problems.push(`an opening fill at ${iso(f.time)} is not at a bar's open or has no order`);
      else this.entries.push({ fill: f, sizing, firstOfOrder });
      const base = closed > 0 ? 0 : Math.abs(q);
      this.#entry = (base * this.#entry + opened * f.price) / (base + opened);
    }
    this.#steps = q + signed;
    if (this.#steps === 0) this.#entry = 0;
  }

  onFunding(_e: FundingRateEvent, cashflow: number | undefined): void {
    if (cashflow !== undefined) this.#wallet += cashflow;
  }

  onLiquidation(_symbol: string, _time: EpochMs, r: LiquidationResult): void {
    this.#wallet += r.realisedPnl - r.fee;
    this.#steps = 0;
    this.#entry = 0;
  }

  onRiskDecision(d: RiskDecision): void {
    this.decisions.push(d);
  }
}

function randomStrategy(s: Scenario, replay: Replay): Strategy {
  let i = 0;
  return {
    name: 'random',
    onBar(_bar: BarEvent, ctx: StrategyContext) {
      replay.snapshot();
      const t = s.bars[i++]?.target;
      if (t) ctx.setTarget({ side: t.side, leverage: t.leverage, tag: `${t.side}-${t.leverage}x` });
    },
    onFill(fill, ctx) {
      const last = replay.entries[replay.entries.length - 1];
      if (last?.fill !== fill) return;
      last.leverage = ctx.position()?.leverage;
      last.quantityAfter = ctx.position()?.quantity;
      last.marginAfter = ctx.account().marginUsed;
    },
  };
}

interface Run {
  readonly bars: Bar[];
  readonly replay: Replay;
  readonly result: BacktestResult;
}

function run(s: Scenario): Run {
  const t = tempStore();
  try {
    const bars = pathOf(s);
    store15m(
      t.store,
      bars[0]?.openTime ?? DAY0,
      bars.map((b): Ohlc => [b.open, b.high, b.low, b.close]),
      bars.map((b) => b.volume),
    );
    const replay = new Replay(10_000, bars);
    const result = runBacktest(t.store, {
      ...riskSpec({ fundingFallback: { ...DEFAULT_FUNDING_FALLBACK, constantRate8h: s.fundingRate8h } }),
      strategy: randomStrategy(s, replay),
      observer: replay,
    });
    return { bars, replay, result };
  } finally {
    t.cleanup();
  }
}

/** Why entries were not allowed at `time` by the model: thin hours or a halt, if either. */
function closedFor(time: number, modelHalts: ReturnType<typeof halts>): string | undefined {
  const hour = new Date(time).getUTCHours();
  if (hour >= RISK.thinHours.startHourUtc && hour < RISK.thinHours.endHourUtc) return 'thin hours';
  const halt = haltAt(modelHalts, time);
  return halt && `${halt.rule} (${iso(halt.from)} to ${iso(halt.until)})`;
}

interface Findings {
  /** Broken properties, each with its time and numbers (empty when all hold). */
  readonly violations: string[];
  /**
   * Later pieces of an entry order that the bar volume cap split over several bars that push the margin
   * past the cap at a later, higher price (checked at sizing, not re-sized): counted, not failed on.
   */
  readonly laterPieces: string[];
}

/**
 * Checks one run. At every fill that opened or grew the position: its order was sized (and checked by
 * the risk engine) at a time entries were allowed; the first fill of an order is at that time; the
 * leverage after the fill is within the cap of the regime at sizing time; and the position's margin
 * (the isolated margin the portfolio holds for it: what the account has committed) is within the active
 * fraction of the equity at sizing time plus one step. Then the engine's halts against the model's,
 * and equity at every bar.
 */
function check(run: Run): Findings {
  const { bars, replay, result } = run;
  const out = [...replay.problems];
  const laterPieces: string[] = [];
  const equity = result.equity.column('equity');
  const wallet = result.equity.column('wallet');
  const upnl = result.equity.column('unrealisedPnl');
  const regime = regimes(bars, RISK);
  const modelHalts = halts(bars, equity, RISK);
  for (const e of replay.entries) {
    const { sizing, fill } = e;
    const k = bars.findIndex((b) => b.openTime === sizing.time) - 1; // the bar that closed at sizing time
    const high = k >= 0 && regime[k] === 'high_volatility';
    const maxLeverage = high ? RISK.highVolatility.maxLeverage : RISK.maxLeverage;
    const fraction = high ? RISK.highVolatility.maxMarginFraction : RISK.maxMarginFraction;
    const at = `${fill.side} ${fill.quantity} at ${iso(fill.time)} (sized ${iso(sizing.time)})`;
    const whenSized = closedFor(sizing.time, modelHalts);
    if (whenSized) out.push(`${at}: an entry sized while entries were closed: ${whenSized}`);
    if (e.firstOfOrder && fill.time !== sizing.time) out.push(`${at}: first fill not at the sizing open`);
    const whenFilled = closedFor(fill.time, modelHalts);
    if (whenFilled && !whenSized) out.push(`${at}: filled while entries were closed: ${whenFilled}`);
    if (e.leverage === undefined || e.marginAfter === undefined || e.quantityAfter === undefined) {
      out.push(`${at}: no account view after the fill`);
      continue;
    }
    if (e.leverage > maxLeverage)
      out.push(`${at}: leverage ${e.leverage} > cap ${maxLeverage} (${regime[k]})`);
    const allowed = fraction * sizing.equity + (STEP * sizing.open) / e.leverage;
    if (!(e.marginAfter <= allowed + 1e-9))
      (e.firstOfOrder ? out : laterPieces).push(
        `${at}: margin ${e.marginAfter.toFixed(4)} > ${fraction} x equity ${sizing.equity.toFixed(4)} ` +
          `+ one step = ${allowed.toFixed(4)} (${regime[k]}, leverage ${e.leverage}, position ${e.quantityAfter})`,
      );
  }
  // The engine's own journal agrees with the model on when each halt started and how long it lasts.
  const engineHalts = replay.decisions
    .filter((d) => d.outcome === 'flatten' || d.outcome === 'halted')
    .map((d) => `${d.rule} ${iso(d.time)} until ${iso(d.numbers['haltedUntil'] ?? NaN)}`);
  const expectedHalts = modelHalts.map((h) => `${h.rule} ${iso(h.from)} until ${iso(h.until)}`);
  if (engineHalts.join('; ') !== expectedHalts.join('; '))
    out.push(`halts: engine [${engineHalts.join('; ')}] vs model [${expectedHalts.join('; ')}]`);
  bars.forEach((bar, i) => {
    const e = equity[i] as number;
    const w = wallet[i] as number;
    const u = upnl[i] as number;
    const mine = replay.perBar[i];
    const tol = 1e-8 * Math.max(1, Math.abs(e));
    if (Math.abs(e - (w + u)) > tol)
      out.push(`bar ${iso(bar.closeTime)}: equity ${e} != wallet ${w} + uPnL ${u}`);
    if (!mine) return;
    const myEquity = mine.wallet + mine.quantity * (bar.close - mine.entry);
    if (Math.abs(e - myEquity) > 1e-6 * Math.max(1, Math.abs(e)))
      out.push(`bar ${iso(bar.closeTime)}: equity ${e} vs replayed ${myEquity}`);
  });
  return { violations: out.slice(0, 12), laterPieces };
}

describe('risk limits hold through the engine on random synthetic 15m paths (fast-check)', () => {
  it('SYNTHETIC: leverage cap, margin cap on the posted margin, halts, thin hours at every entry fill, and equity = wallet + uPnL at every bar', () => {
    const seen = {
      runs: 0,
      entries: 0,
      highVolRuns: 0,
      refused: 0,
      resized: 0,
      trips: 0,
      lossHalts: 0,
      liquidations: 0,
      laterPieces: 0,
    };
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const r = run(s);
        seen.runs++;
        seen.entries += r.replay.entries.length;
        seen.refused += r.replay.decisions.filter((d) => d.outcome === 'refused').length;
        seen.resized += r.replay.decisions.filter((d) => d.outcome === 'resized').length;
        seen.trips += r.replay.decisions.filter((d) => d.outcome === 'flatten').length;
        seen.lossHalts += r.replay.decisions.filter((d) => d.outcome === 'halted').length;
        seen.liquidations += r.result.metrics.liquidations;
        if (regimes(r.bars, RISK).includes('high_volatility')) seen.highVolRuns++;
        const { violations, laterPieces } = check(r);
        seen.laterPieces += laterPieces.length;
        expect(violations, violations.join('\n')).toEqual([]);
      }),
      // A failure shrinks 200-bar paths for a long while: stop after 150 s and report what was found.
      { numRuns: 300, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
    console.log(`risk properties: ${JSON.stringify(seen)}`);
    // The generator must reach what the properties are about (checked, not just hoped for).
    expect(seen.entries, JSON.stringify(seen)).toBeGreaterThan(1000);
    expect(seen.highVolRuns, JSON.stringify(seen)).toBeGreaterThan(10);
    expect(seen.trips, JSON.stringify(seen)).toBeGreaterThan(10);
    expect(seen.refused, JSON.stringify(seen)).toBeGreaterThan(100);
    expect(seen.lossHalts, JSON.stringify(seen)).toBeGreaterThan(5);
  }, 180_000);
});
