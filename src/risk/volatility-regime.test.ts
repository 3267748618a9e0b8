import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../core/index.js';
import { riskConfig, utc } from './test-helpers.js';
import { VolatilityRegime } from './volatility-regime.js';

const YEAR_HOURS = 365 * 24;
const START = utc('2025-01-01T00:00');

/** The swing whose alternating 1h closes (10, 10 x (1 + s), 10, ...) annualise to `annualised`. */
function swingFor(annualised: number): number {
  return Math.exp(annualised / Math.sqrt(YEAR_HOURS)) - 1;
}

/** Feeds `hours` synthetic 1h closes alternating between 10 and 10 x (1 + swing); returns the next close time. */
function feed(regime: VolatilityRegime, from: number, hours: number, swing: number): number {
  let t = from;
  for (let i = 0; i < hours; i++) {
    t += HOUR_MS;
    regime.add(t, (t / HOUR_MS) % 2 === 0 ? 10 : 10 * (1 + swing));
  }
  return t;
}

describe('VolatilityRegime on synthetic closes', () => {
  it('annualises the realised volatility of 1-bar log returns over the last 24 h', () => {
    const regime = new VolatilityRegime(riskConfig().highVolatility);
    feed(regime, START, 48, 0.03);
    expect(regime.reading().annualised).toBeCloseTo(Math.log(1.03) * Math.sqrt(YEAR_HOURS), 12);
    expect(regime.reading().ratio, 'no ratio before 30 days of history').toBeNull();
  });

  it('stays normal until 24 h of returns (24 h after the first close), however wild the bars', () => {
    const regime = new VolatilityRegime(riskConfig().highVolatility);
    const t = feed(regime, START, 24, 0.2);
    expect(regime.reading().annualised).toBeNull();
    expect(regime.regime).toBe('normal');
    feed(regime, t, 1, 0.2);
    expect(regime.regime).toBe('high_volatility');
  });

  it('does not flicker: enters at 150% annualised, stays at 130%, leaves below 120% (synthetic phases)', () => {
    const regime = new VolatilityRegime(riskConfig().highVolatility);
    let t = feed(regime, START, 24, swingFor(1.0));
    expect(regime.regime).toBe('normal');
    t = feed(regime, t, 24, swingFor(1.6));
    expect(regime.reading().annualised).toBeCloseTo(1.6, 9);
    expect(regime.regime).toBe('high_volatility');
    t = feed(regime, t, 24, swingFor(1.3));
    expect(regime.reading().annualised).toBeCloseTo(1.3, 9);
    expect(regime.regime, 'between the exit and entry levels it stays high').toBe('high_volatility');
    t = feed(regime, t, 24, swingFor(1.1));
    expect(regime.regime).toBe('normal');
    feed(regime, t, 24, swingFor(1.3));
    expect(regime.regime, 'and from normal, 130% is not enough to enter').toBe('normal');
  });

  it('goes high on the ratio to the 30-day baseline when the level alone is below 150%', () => {
    const regime = new VolatilityRegime(riskConfig().highVolatility);
    let t = feed(regime, START, 30 * 24 + 1, swingFor(0.5));
    expect(regime.reading().ratio).toBeCloseTo(1, 9);
    t = feed(regime, t, 24, swingFor(1.0));
    const { annualised, ratio, baselineAnnualised } = regime.reading();
    expect(annualised).toBeLessThan(1.5);
    // The first hot return starts from a calm close, so the last 24 h hold 23 hot returns (1.0^2 per
    // year each) and 1 calm one (0.5^2); the 30-day baseline holds those and 696 calm ones.
    const short = Math.sqrt((23 * 1 + 0.25) / 24);
    const baseline = Math.sqrt((23 * 1 + 697 * 0.25) / 720);
    expect(annualised).toBeCloseTo(short, 9);
    expect(baselineAnnualised).toBeCloseTo(baseline, 9);
    expect(ratio).toBeCloseTo(short / baseline, 9);
    expect(ratio).toBeCloseTo(1.88, 2);
    expect(regime.regime).toBe('high_volatility');
    feed(regime, t, 3 * 24, swingFor(0.5));
    expect(regime.regime).toBe('normal');
  });

  it('weights each return by the time it spans, so a gap does not inflate the volatility', () => {
    const regime = new VolatilityRegime(riskConfig().highVolatility);
    const t = feed(regime, START, 47, 0.01);
    // One 1h bar missing: the next return spans 2 h.
    regime.add(t + 2 * HOUR_MS, 10);
    const r = Math.log(1.01);
    // 22 one-hour returns + one two-hour return cover the last 24 h.
    expect(regime.reading().annualised).toBeCloseTo(
      Math.sqrt(((23 * r * r) / (24 * HOUR_MS)) * 365 * DAY_MS),
      9,
    );
  });

  it('reads a market that stopped moving as zero volatility, not as a ratio of float residue', () => {
    // Found by the property test: tiny synthetic moves, then 20 flat hours. The window sums are left with
    // rounding residue (~1e-22 annualised) whose ratio (2.4) once called the flat market high-volatility.
    const regime = new VolatilityRegime(
      riskConfig({
        highVolatility: { windowHours: 2, baselineDays: 0.5, annualisedThreshold: 1, exitAnnualised: 0.8 },
      }).highVolatility,
    );
    let price = 10;
    const moves = [0, -2.775557561562892e-16, -4.214684773407029e-8, 1.1102230246251568e-16];
    for (let i = 0; i < 24; i++) {
      price *= 1 + (moves[i] ?? 0);
      regime.add(START + (i + 1) * HOUR_MS, price);
    }
    expect(regime.reading()).toEqual({ annualised: 0, baselineAnnualised: 0, ratio: null });
    expect(regime.regime).toBe('normal');
  });
});
