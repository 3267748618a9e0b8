import type { RiskConfig } from '../../src/config/index.js';

/**
 * An independent, brute-force reading of the default risk rules for the property test, written from
 * DESIGN section 1 and the config descriptions rather than from the engine's code: it recomputes
 * everything from scratch at every bar (O(n^2), fine for ~200 bars) and knows nothing of the engine's
 * streaming structures. It applies to 15m bars only (the breaker window is then one bar).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
/** Below this annualised volatility counts as zero (a flat market's float residue). */
const VOLATILITY_FLOOR = 1e-6;

export interface ModelBar {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export type Regime = 'normal' | 'high_volatility';

/**
 * The regime after each bar's close: realised volatility of one-bar log returns over the last
 * `windowHours`, annualised, once a full window has been seen; high at >= annualisedThreshold, back to
 * normal below exitAnnualised. The ratio test needs `baselineDays` of history, which the property's
 * paths (~2 days) never reach, so it never applies here (asserted by the caller).
 */
export function regimes(bars: readonly ModelBar[], risk: RiskConfig): Regime[] {
  const hv = risk.highVolatility;
  const windowMs = hv.windowHours * HOUR;
  const out: Regime[] = [];
  let regime: Regime = 'normal';
  const first = bars[0]?.closeTime ?? 0;
  bars.forEach((bar, k) => {
    if (k > 0 && bar.closeTime - first >= windowMs) {
      let sum = 0;
      let duration = 0;
      for (let j = k; j >= 1; j--) {
        const b = bars[j] as ModelBar;
        const prev = bars[j - 1] as ModelBar;
        if (prev.closeTime < bar.closeTime - windowMs) break;
        const r = Math.log(b.close / prev.close);
        sum += r * r;
        duration += b.closeTime - prev.closeTime;
      }
      let vol = duration > 0 ? Math.sqrt((sum / duration) * YEAR) : 0;
      if (vol < VOLATILITY_FLOOR) vol = 0;
      regime =
        regime === 'high_volatility'
          ? vol >= hv.exitAnnualised
            ? 'high_volatility'
            : 'normal'
          : vol >= hv.annualisedThreshold
            ? 'high_volatility'
            : 'normal';
    }
    out.push(regime);
  });
  return out;
}

/** One halt as the model sees it. */
export interface ModelHalt {
  readonly rule: 'circuit_breaker' | 'daily_loss_halt' | 'max_drawdown_halt';
  readonly from: number;
  readonly until: number;
}

/**
 * The halts from the bars and the equity sampled at every bar close:
 * - breaker: a 15m bar ranging more than movePct ((high - low) / low, the larger reading of a move
 *   inside one bar) halts until its close + calmHours;
 * - daily loss: equity below the UTC day's first sample less dailyLossPct halts until the next 00:00
 *   (not re-triggered while that halt lasts);
 * - drawdown: equity below the peak less maxDrawdownPct halts for drawdownCooldownHours; the peak is
 *   frozen meanwhile and restarts at the first sample after the halt.
 */
export function halts(bars: readonly ModelBar[], equity: ArrayLike<number>, risk: RiskConfig): ModelHalt[] {
  const out: ModelHalt[] = [];
  let dayStart = -1;
  let dayStartEquity = 0;
  let dailyUntil = -Infinity;
  let drawdownUntil = -Infinity;
  let peak: number | undefined;
  bars.forEach((bar, k) => {
    const t = bar.closeTime;
    if ((bar.high - bar.low) / bar.low > risk.circuitBreaker.movePct)
      out.push({ rule: 'circuit_breaker', from: t, until: t + risk.circuitBreaker.calmHours * HOUR });
    const e = equity[k] as number;
    const day = Math.floor(t / DAY) * DAY;
    if (day > dayStart) {
      dayStart = day;
      dayStartEquity = e;
    }
    if (drawdownUntil !== -Infinity && drawdownUntil <= t) {
      drawdownUntil = -Infinity;
      peak = undefined;
    }
    const drawdownHalted = drawdownUntil > t;
    if (!drawdownHalted) peak = peak === undefined ? e : Math.max(peak, e);
    if (!(dailyUntil > t) && e < dayStartEquity * (1 - risk.halts.dailyLossPct)) {
      dailyUntil = dayStart + DAY;
      out.push({ rule: 'daily_loss_halt', from: t, until: dailyUntil });
    }
    if (!drawdownHalted && peak !== undefined && e < peak * (1 - risk.halts.maxDrawdownPct)) {
      drawdownUntil = t + risk.halts.drawdownCooldownHours * HOUR;
      out.push({ rule: 'max_drawdown_halt', from: t, until: drawdownUntil });
    }
  });
  return out;
}

/** The halt in force at `time` (started at or before it, not yet ended), if any. */
export function haltAt(list: readonly ModelHalt[], time: number): ModelHalt | undefined {
  return list.find((h) => h.from <= time && time < h.until);
}
