import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { ConfigError } from '../core/index.js';

function issuesOf(risk: Record<string, unknown>): readonly string[] {
  try {
    parseConfig({ risk }, 'test.yaml');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
}

describe('risk config fields of the risk engine', () => {
  it('defaults the volatility measure, the funding cycle and the drawdown cooldown', () => {
    const risk = parseConfig({}).risk;
    expect(risk.highVolatility).toMatchObject({
      windowHours: 24,
      baselineDays: 30,
      ratio: 1.5,
      exitRatio: 1.2,
      annualisedThreshold: 1.5,
      exitAnnualised: 1.2,
    });
    expect(risk.fundingCycle).toEqual({ windowMinutes: 60, edgeMultiple: 1 });
    expect(risk.halts.drawdownCooldownHours).toBe(24);
  });

  it('refuses exit levels above the entry levels and a window as long as the baseline', () => {
    expect(
      issuesOf({
        highVolatility: {
          ratio: 1.3,
          exitRatio: 1.4,
          annualisedThreshold: 1,
          exitAnnualised: 2,
          windowHours: 720,
        },
      }),
    ).toEqual([
      'risk.highVolatility.exitRatio: must be <= ratio (1.3) (got 1.4)',
      'risk.highVolatility.exitAnnualised: must be <= annualisedThreshold (1) (got 2)',
      'risk.highVolatility.windowHours: must be shorter than baselineDays (30 days = 720 h) (got 720)',
    ]);
  });

  it('checks the funding-cycle and cooldown fields', () => {
    expect(
      issuesOf({
        fundingCycle: { windowMinutes: -1, edgeMultiple: -1 },
        halts: { drawdownCooldownHours: 0 },
      }),
    ).toEqual([
      'risk.halts.drawdownCooldownHours: must be > 0',
      'risk.fundingCycle.windowMinutes: must be >= 0',
      'risk.fundingCycle.edgeMultiple: must be >= 0',
    ]);
  });
});
