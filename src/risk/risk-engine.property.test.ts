import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RiskConfig } from '../config/index.js';
import { type EpochMs, HOUR_MS, MINUTE_MS } from '../core/index.js';
import type { Candle } from '../data/index.js';
import { isThinHour } from '../execution/index.js';
import { blackoutWindows } from './blackouts.js';
import type { BlackoutWindow } from './calendar.types.js';
import { RiskEngine } from './risk-engine.js';
import type { EntryRequest, RiskDecision } from './risk.types.js';
import { funding, riskConfig, SYMBOL, utc } from './test-helpers.js';
import { VOLATILITY_FLOOR, type VolatilityReading } from './volatility-regime.js';

/** Random but valid risk settings (small volatility windows, so a few hundred bars exercise them). */
const riskArb = fc
  .record({
    profile: fc.constantFrom('beginner', 'standard', 'experienced'),
    maxMarginFraction: fc.constantFrom(0.1, 0.4, 1),
    hvMargin: fc.constantFrom(0.5, 1),
    hvLeverage: fc.constantFrom(1, 2),
    movePct: fc.constantFrom(0.02, 0.05, 0.08),
    windowMinutes: fc.constantFrom(5, 15, 60),
    calmHours: fc.constantFrom(0.5, 2),
    thinStart: fc.integer({ min: 0, max: 23 }),
    thinLength: fc.integer({ min: 1, max: 12 }),
    noEntries: fc.boolean(),
    maxVolumeFraction: fc.constantFrom(0.01, 0.1, 1),
    volumeWindowHours: fc.constantFrom(1, 24),
    fundingWindow: fc.constantFrom(0, 60, 480),
    edgeMultiple: fc.constantFrom(0, 1, 3),
    cooldown: fc.constantFrom(1, 24),
  })
  .map((r) =>
    riskConfig({
      profile: r.profile,
      maxMarginFraction: r.maxMarginFraction,
      highVolatility: {
        maxLeverage: r.hvLeverage,
        maxMarginFraction: r.maxMarginFraction * r.hvMargin,
        windowHours: 2,
        baselineDays: 0.5,
        ratio: 1.5,
        exitRatio: 1.2,
        annualisedThreshold: 1,
        exitAnnualised: 0.8,
      },
      circuitBreaker: { movePct: r.movePct, windowMinutes: r.windowMinutes, calmHours: r.calmHours },
      thinHours: {
        startHourUtc: r.thinStart,
        endHourUtc: (r.thinStart + r.thinLength) % 24,
        noEntries: r.noEntries,
      },
      liquidity: { maxVolumeFraction: r.maxVolumeFraction, volumeWindowHours: r.volumeWindowHours },
      fundingCycle: { windowMinutes: r.fundingWindow, edgeMultiple: r.edgeMultiple },
      halts: { dailyLossPct: 0.05, maxDrawdownPct: 0.1, drawdownCooldownHours: r.cooldown },
    }),
  );

const requestArb = fc.record({
  offset: fc.double({ min: 0, max: 0.999, noNaN: true }),
  current: fc.oneof(fc.constant(0), fc.double({ min: -2_000, max: 2_000, noNaN: true })),
  desired: fc.double({ min: -5_000, max: 5_000, noNaN: true }).filter((x) => Math.abs(x) > 1e-6),
  leverage: fc.double({ min: 1, max: 8, noNaN: true }),
  otherShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
  postedShare: fc.option(fc.double({ min: 0, max: 0.6, noNaN: true }), { nil: undefined }),
  step: fc.constantFrom(0.01, 0.1, 1),
  edge: fc.option(fc.double({ min: 0, max: 0.003, noNaN: true }), { nil: undefined }),
  manual: fc.boolean(),
});

const stepArb = fc.record({
  ret: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
  jump: fc.option(fc.double({ min: -0.15, max: 0.15, noNaN: true }), { freq: 12, nil: undefined }),
  wick: fc.double({ min: 0, max: 0.02, noNaN: true }),
  volume: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 2_000_000 }) },
  ),
  equityMove: fc.double({ min: -0.08, max: 0.05, noNaN: true }),
  request: fc.option(requestArb, { freq: 2, nil: undefined }),
  fundingRate: fc.option(fc.double({ min: -0.002, max: 0.002, noNaN: true }), { freq: 20, nil: undefined }),
});

const scenarioArb = fc.record({
  risk: riskArb,
  barMs: fc.constantFrom(MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS),
  startDay: fc.integer({ min: 0, max: 700 }),
  events: fc.array(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      before: fc.option(fc.integer({ min: 0, max: 180 }), { nil: undefined }),
      after: fc.option(fc.integer({ min: 0, max: 180 }), { nil: undefined }),
    }),
    { maxLength: 3 },
  ),
  steps: fc.array(stepArb, { minLength: 20, maxLength: 250 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

interface Played {
  readonly bars: {
    candle: Candle;
    closeTime: number;
    flattened: boolean;
    regime: string;
    volatility: VolatilityReading;
  }[];
  readonly checks: {
    req: EntryRequest;
    view: ReturnType<RiskEngine['view']>;
    verdict: ReturnType<RiskEngine['checkEntry']>;
    emitted: number;
  }[];
  readonly windows: BlackoutWindow[];
}

/** Plays a synthetic random path through a fresh engine and records every bar and entry check. */
function play(s: Scenario): Played {
  const start = utc('2024-06-03T00:00') + s.startDay * 24 * HOUR_MS;
  const span = s.steps.length * s.barMs;
  const windows = blackoutWindows(
    s.events.map((e) => ({
      time: (start + Math.floor(e.at * span)) as EpochMs,
      label: 'synthetic event',
      beforeMinutes: e.before,
      afterMinutes: e.after,
    })),
    s.risk.events,
  );
  const emitted: RiskDecision[] = [];
  const engine = new RiskEngine(s.risk, {
    symbol: SYMBOL,
    blackouts: windows,
    onDecision: (d) => emitted.push(d),
  });
  const played: Played = { bars: [], checks: [], windows };
  let price = 10;
  let equity = 10_000;
  s.steps.forEach((step, i) => {
    const openTime = start + i * s.barMs;
    const closeTime = openTime + s.barMs;
    const open = price;
    price = Math.max(0.5, price * (1 + step.ret + (step.jump ?? 0)));
    const candle: Candle = {
      openTime: openTime as EpochMs,
      open,
      high: Math.max(open, price) * (1 + step.wick),
      low: Math.min(open, price) / (1 + step.wick),
      close: price,
      volume: step.volume,
    };
    const actions = engine.onBar(candle, closeTime as EpochMs);
    played.bars.push({
      candle,
      closeTime,
      flattened: actions.length > 0,
      regime: engine.view(closeTime as EpochMs).regime,
      volatility: engine.volatility(),
    });
    equity = Math.max(1, equity * (1 + step.equityMove));
    engine.onEquity(closeTime as EpochMs, equity);
    if (step.fundingRate !== undefined) engine.onFunding(funding(closeTime, step.fundingRate, 4));
    const r = step.request;
    if (r === undefined) return;
    const req: EntryRequest = {
      time: (closeTime + Math.floor(r.offset * s.barMs)) as EpochMs,
      symbol: SYMBOL,
      currentQuantity: r.current,
      desiredQuantity: r.desired,
      leverage: r.leverage,
      price,
      equity,
      otherMargin: equity * r.otherShare,
      positionMargin: r.postedShare === undefined ? undefined : equity * r.postedShare,
      stepSize: r.step,
      expectedEdge: r.edge,
      origin: r.manual ? 'manual' : 'auto',
    };
    const view = engine.view(req.time);
    const before = emitted.length;
    const verdict = engine.checkEntry(req);
    const fromCheck = emitted.slice(before).filter((d) => d.outcome === 'resized' || d.outcome === 'refused');
    played.checks.push({ req, view, verdict, emitted: fromCheck.length });
  });
  return played;
}

const base = (req: EntryRequest): number =>
  Math.sign(req.currentQuantity) === Math.sign(req.desiredQuantity) ? req.currentQuantity : 0;
const grows = (req: EntryRequest, q: number): boolean => Math.abs(q) > Math.abs(base(req)) + 1e-12;
const isEntry = (req: EntryRequest): boolean => Math.abs(req.desiredQuantity) > Math.abs(base(req));

describe('RiskEngine properties over random synthetic bar paths, equities and requests', () => {
  it('never allows more than asked, flips sides, or exceeds the active leverage and margin caps', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        for (const { req, view, verdict, emitted } of play(s).checks) {
          const q = verdict.quantity;
          expect(Math.abs(q)).toBeLessThanOrEqual(Math.abs(req.desiredQuantity));
          expect(q === 0 || Math.sign(q) === Math.sign(req.desiredQuantity), 'same sign').toBe(true);
          expect(emitted, 'every verdict decision emitted once').toBe(verdict.decisions.length);
          if (!isEntry(req)) continue;
          expect(verdict.leverage).toBeLessThanOrEqual(view.maxLeverage);
          expect(verdict.leverage).toBeLessThanOrEqual(req.leverage);
          if (!grows(req, q)) continue;
          const perUnit = req.price / verdict.leverage;
          const posted = base(req) !== 0 ? req.positionMargin : undefined;
          const own =
            posted === undefined
              ? Math.abs(q) * perUnit
              : posted + (Math.abs(q) - Math.abs(base(req))) * perUnit;
          const marginAfter = own + req.otherMargin;
          const oneStep = (req.stepSize * req.price) / verdict.leverage;
          expect(marginAfter).toBeLessThanOrEqual(
            view.maxMarginFraction * req.equity + oneStep + 1e-9 * req.equity,
          );
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('never lets an entry grow a position while halted, in thin hours or in a blackout', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const played = play(s);
        for (const { req, view, verdict } of played.checks) {
          if (!isEntry(req)) continue;
          const thin = s.risk.thinHours.noEntries && isThinHour(req.time, s.risk.thinHours);
          const blackout = played.windows.some((w) => w.start <= req.time && req.time < w.end);
          if (view.haltedUntil !== undefined || thin || blackout) {
            expect(verdict.quantity, `halted ${view.haltedUntil}, thin ${thin}, blackout ${blackout}`).toBe(
              base(req),
            );
            expect(verdict.decisions.at(-1)?.outcome).toBe('refused');
          }
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('trips the breaker exactly when a brute-force scan of the window finds a move above movePct, and halts calmHours', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const played = play(s);
        const expected = bruteForceTrips(played.bars, s.risk);
        expect(played.bars.map((b) => b.flattened)).toEqual(expected);
        for (const { req, view } of played.checks) {
          const trips = played.bars.filter((b) => b.flattened && b.closeTime <= req.time);
          const calmUntil = Math.max(
            -Infinity,
            ...trips.map((b) => b.closeTime + s.risk.circuitBreaker.calmHours * HOUR_MS),
          );
          if (calmUntil > req.time) expect(view.haltedUntil ?? 0).toBeGreaterThanOrEqual(calmUntil);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('keeps the notional after an entry within the liquidity cap of an independent traded-notional sum', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const played = play(s);
        const windowMs = s.risk.liquidity.volumeWindowHours * HOUR_MS;
        for (const { req, verdict } of played.checks) {
          if (!isEntry(req) || !grows(req, verdict.quantity)) continue;
          const seen = played.bars.filter((b) => b.closeTime <= req.time);
          const last = seen.at(-1);
          if (last === undefined) throw new Error('an entry grew before any bar');
          const traded = seen
            .filter((b) => b === last || b.candle.openTime >= last.closeTime - windowMs)
            .reduce((sum, b) => sum + b.candle.volume * b.candle.close, 0);
          const cap = s.risk.liquidity.maxVolumeFraction * traded;
          expect(Math.abs(verdict.quantity) * req.price).toBeLessThanOrEqual(
            cap + req.stepSize * req.price + 1e-9 * cap,
          );
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('streams the same volatility readings and regime as a recomputation from scratch at every bar', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const played = play(s);
        const expected = bruteForceRegime(played.bars, s.risk);
        played.bars.forEach((bar, i) => {
          const want = expected[i];
          if (want === undefined) throw new Error('missing model bar');
          for (const key of ['annualised', 'baselineAnnualised', 'ratio'] as const) {
            const got = bar.volatility[key];
            const exp = want.reading[key];
            if (exp === null || got === null) expect(got, `${key} at bar ${i}`).toBe(exp);
            else
              expect(Math.abs(got - exp), `${key} at bar ${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, exp));
          }
          expect(bar.regime, `regime at bar ${i}`).toBe(want.regime);
        });
      }),
      { numRuns: 600 },
    );
  });
});

/** Sums every return whose span lies in each window, from scratch at every bar, and replays the hysteresis. */
function bruteForceRegime(
  bars: Played['bars'],
  risk: RiskConfig,
): { reading: VolatilityReading; regime: string }[] {
  const hv = risk.highVolatility;
  const year = 365 * 24 * HOUR_MS;
  const samples: { closeTime: number; duration: number; squared: number }[] = [];
  let regime = 'normal';
  return bars.map((bar, j) => {
    const prev = bars[j - 1];
    if (prev !== undefined) {
      const r = Math.log(bar.candle.close / prev.candle.close);
      samples.push({ closeTime: bar.closeTime, duration: bar.closeTime - prev.closeTime, squared: r * r });
    }
    const seen = bar.closeTime - (bars[0]?.closeTime ?? bar.closeTime);
    const annualised = (windowMs: number): number | null => {
      const inside = samples.filter((x) => x.closeTime - x.duration >= bar.closeTime - windowMs);
      const duration = inside.reduce((sum, x) => sum + x.duration, 0);
      const squared = inside.reduce((sum, x) => sum + x.squared, 0);
      if (!(duration > 0 && seen >= windowMs)) return null;
      const vol = Math.sqrt((squared / duration) * year);
      return vol < VOLATILITY_FLOOR ? 0 : vol;
    };
    const short = annualised(hv.windowHours * HOUR_MS);
    const baseline = annualised(hv.baselineDays * 24 * HOUR_MS);
    const ratio = short !== null && baseline !== null && baseline > 0 ? short / baseline : null;
    const over = (x: number | null, level: number): boolean => x !== null && x >= level;
    regime = (
      regime === 'high_volatility'
        ? over(ratio, hv.exitRatio) || over(short, hv.exitAnnualised)
        : over(ratio, hv.ratio) || over(short, hv.annualisedThreshold)
    )
      ? 'high_volatility'
      : 'normal';
    return { reading: { annualised: short, baselineAnnualised: baseline, ratio }, regime };
  });
}

/** Every pair of bars i <= j in the window ending at each bar, since the last trip: O(n^2), no deque. */
function bruteForceTrips(bars: Played['bars'], risk: RiskConfig): boolean[] {
  const windowMs = risk.circuitBreaker.windowMinutes * MINUTE_MS;
  let since = 0;
  return bars.map((bar, j) => {
    const inWindow = bars
      .slice(since, j + 1)
      .filter((b, k, all) => k === all.length - 1 || b.candle.openTime >= bar.closeTime - windowMs);
    let move = 0;
    for (let a = 0; a < inWindow.length; a++) {
      for (let b = a; b < inWindow.length; b++) {
        const first = inWindow[a]?.candle;
        const later = inWindow[b]?.candle;
        if (first === undefined || later === undefined) continue;
        move = Math.max(move, (later.high - first.low) / first.low, (first.high - later.low) / first.high);
      }
    }
    const trip = move > risk.circuitBreaker.movePct;
    if (trip) since = j + 1;
    return trip;
  });
}
