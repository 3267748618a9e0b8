import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { defaultConfig, parseConfig } from './parse.js';

/** The issues a config raises, or [] when it is valid. */
function issuesOf(input: unknown): readonly string[] {
  try {
    parseConfig(input, 'test.yaml');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
}

describe('defaultConfig', () => {
  const config = defaultConfig();

  it('weights the signal families 0.40 price, 0.35 network, 0.25 sentiment as the playbook says', () => {
    expect(config.signals.weights).toEqual({ price: 0.4, network: 0.35, sentiment: 0.25 });
    expect(config.signals.missingFamily).toBe('renormalise');
    expect(config.signals.entryThreshold).toBe(0.3);
  });

  it('treats funding beyond 0.1% per 8 h as extreme', () => {
    expect(config.signals.fundingExtremePer8h).toBe(0.001);
  });

  it('exits at a 2.5% stop loss or after 6 h not in profit', () => {
    expect(config.risk.stopLossPct).toBe(0.025);
    expect(config.risk.timeExitHours).toBe(6);
  });

  it('caps leverage at 3x and committed margin at 40% under the standard profile', () => {
    expect(config.risk.profile).toBe('standard');
    expect(config.risk.maxLeverage).toBe(3);
    expect(config.risk.maxMarginFraction).toBe(0.4);
  });

  it('tightens to 2x and 25% in the high-volatility regime', () => {
    expect(config.risk.highVolatility).toEqual({
      maxLeverage: 2,
      maxMarginFraction: 0.25,
      windowHours: 24,
      baselineDays: 30,
      ratio: 1.5,
      exitRatio: 1.2,
      annualisedThreshold: 1.5,
      exitAnnualised: 1.2,
    });
  });

  it('makes the paying side wait out the hour before a funding settlement unless its edge covers it', () => {
    expect(config.risk.fundingCycle).toEqual({ windowMinutes: 60, edgeMultiple: 1 });
  });

  it('trips the circuit breaker on an 8% move within 15 minutes and waits 2 h of calm', () => {
    expect(config.risk.circuitBreaker).toEqual({ movePct: 0.08, windowMinutes: 15, calmHours: 2 });
  });

  it('refuses entries from 02:00 to 06:00 UTC and widens slippage then', () => {
    expect(config.risk.thinHours).toEqual({ startHourUtc: 2, endHourUtc: 6, noEntries: true });
    expect(config.execution.slippage.thinHoursMultiplier).toBeGreaterThan(1);
  });

  it('refuses manual overrides at weekends and keeps event blackouts', () => {
    expect(config.risk.weekends.refuseManualOverrides).toBe(true);
    expect(config.risk.events.blackoutBeforeMinutes).toBe(60);
    expect(config.risk.events.blackoutAfterMinutes).toBe(60);
    expect(config.risk.events.calendarFile).toBeUndefined();
  });

  it('halts at a 5% daily loss or a 20% drawdown and caps size at 1% of recent volume', () => {
    expect(config.risk.halts).toEqual({ dailyLossPct: 0.05, maxDrawdownPct: 0.2, drawdownCooldownHours: 24 });
    expect(config.risk.liquidity).toEqual({ maxVolumeFraction: 0.01, volumeWindowHours: 24 });
  });

  it('budgets 100 ms for the order path and caps fills at 10% of bar volume', () => {
    expect(config.execution.latencyBudgetMs).toBe(100);
    expect(config.execution.maxBarVolumeFraction).toBe(0.1);
    expect(config.execution.slippage).toEqual({
      model: 'sqrt-impact',
      halfSpreadBps: 5,
      impactCoefficient: 1,
      lookbackBars: 60,
      thinHoursMultiplier: 2,
    });
  });

  it('backtests nmr-playbook on 15m bars from 10,000 USDT at 1x by default', () => {
    expect(config.backtest).toMatchObject({
      strategy: 'nmr-playbook',
      timeframe: '15m',
      initialBalance: 10_000,
      leverage: 1,
    });
    expect(config.perp.instrument).toEqual({
      tickSize: 0.001,
      stepSize: 0.1,
      minQuantity: 0.1,
      minNotional: 5,
    });
  });

  it('backtests over 18 months of 1m to 1d candles', () => {
    expect(config.data).toEqual({ timeframes: ['1m', '15m', '1h', '4h', '1d'], history: '18mo' });
  });

  it('reviews weekly, proposing bounded and shrunk weights without applying them', () => {
    expect(config.journal.url).toBeUndefined();
    expect(config.journal.review).toEqual({
      intervalDays: 7,
      autoApply: false,
      maxWeightStep: 0.05,
      shrinkage: 0.5,
      horizonHours: 6,
      minSamples: 30,
    });
  });

  it('trades NMR/USDT:USDT on binanceusdm with keys named by environment variables', () => {
    expect(config.exchange).toEqual({
      id: 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      sandbox: false,
      apiKeyEnv: 'NMRBOT_API_KEY',
      secretEnv: 'NMRBOT_API_SECRET',
    });
    expect(config.store.path).toBe('./nmrbot.db');
    expect(config.fees).toEqual({ maker: 0.0002, taker: 0.0005 });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8787, tokenEnv: 'NMRBOT_API_TOKEN' });
  });

  it('carries the seven NMRUSDT maintenance-margin tiers and a 1.5% liquidation fee', () => {
    expect(
      config.perp.tiers.map((t) => [t.notionalFloor, t.notionalCap, t.maxLeverage, t.mmr, t.cum]),
    ).toEqual([
      [0, 5_000, 20, 0.02, 0],
      [5_000, 25_000, 15, 0.025, 25],
      [25_000, 200_000, 10, 0.05, 650],
      [200_000, 500_000, 5, 0.1, 10_650],
      [500_000, 1_000_000, 4, 0.125, 23_150],
      [1_000_000, 3_000_000, 2, 0.25, 148_150],
      [3_000_000, 5_000_000, 1, 0.5, 898_150],
    ]);
    expect(config.perp.liquidationFeeRate).toBe(0.015);
    expect(config.perp.fundingFallback).toEqual({ intervalHours: 8, ratePer8h: 0.0001 });
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(config.risk.circuitBreaker), 'nested sections are frozen').toBe(true);
    expect(Object.isFrozen(config.perp.tiers[0]), 'tier rows are frozen').toBe(true);
  });
});

describe('parseConfig', () => {
  it('resolves an empty config and an all-null config to the defaults', () => {
    expect(parseConfig(undefined)).toEqual(defaultConfig());
    expect(parseConfig({ risk: null, signals: { weights: null } })).toEqual(defaultConfig());
  });

  it.each([
    ['beginner', 2],
    ['standard', 3],
    ['experienced', 5],
  ] as const)('defaults maxLeverage to the %s profile cap of %ix', (profile, cap) => {
    expect(parseConfig({ risk: { profile } }).risk.maxLeverage).toBe(cap);
    expect(issuesOf({ risk: { profile, maxLeverage: cap } })).toEqual([]);
  });

  it('refuses maxLeverage 6 with exactly one issue, whatever the profile', () => {
    expect(issuesOf({ risk: { maxLeverage: 6 } })).toEqual(['risk.maxLeverage: must be <= 5']);
    expect(issuesOf({ risk: { profile: 'experienced', maxLeverage: 6 } })).toEqual([
      'risk.maxLeverage: must be <= 5',
    ]);
  });

  it('names the profile when maxLeverage is above its cap', () => {
    expect(issuesOf({ risk: { profile: 'beginner', maxLeverage: 3 } })).toEqual([
      'risk.maxLeverage: must be <= 2 for profile beginner (got 3); a higher cap needs another risk.profile',
    ]);
  });

  it('refuses high-volatility limits looser than the normal ones', () => {
    expect(
      issuesOf({ risk: { profile: 'beginner', highVolatility: { maxLeverage: 3, maxMarginFraction: 0.5 } } }),
    ).toEqual([
      'risk.highVolatility.maxLeverage: must be <= risk.maxLeverage (2) (got 3)',
      'risk.highVolatility.maxMarginFraction: must be <= risk.maxMarginFraction (0.4) (got 0.5)',
    ]);
  });

  it('names the full path of an unknown key and suggests the nearest field', () => {
    expect(issuesOf({ risk: { circuitBreaker: { movePcnt: 0.1 } } })).toEqual([
      'risk.circuitBreaker.movePcnt: unknown key (did you mean movePct?)',
    ]);
    expect(issuesOf({ colour: 'blue' })[0]).toMatch(/^colour: unknown key \(known keys: exchange, store, /);
  });

  it('refuses weights that do not sum to 1', () => {
    expect(issuesOf({ signals: { weights: { price: 0.5 } } })).toEqual([
      'signals.weights: must sum to 1 (price 0.5 + network 0.35 + sentiment 0.25 = 1.1)',
    ]);
  });

  it('accepts weights that sum to 1 within floating-point error', () => {
    expect(issuesOf({ signals: { weights: { price: 0.1, network: 0.2, sentiment: 0.7 } } })).toEqual([]);
  });

  it('refuses tiers whose cum breaks continuity, naming the tier and the expected value', () => {
    const tiers = [
      { notionalFloor: 0, notionalCap: 5000, maxLeverage: 20, mmr: 0.02, cum: 0 },
      { notionalFloor: 5000, notionalCap: 25000, maxLeverage: 15, mmr: 0.025, cum: 30 },
    ];
    expect(issuesOf({ perp: { tiers } })).toEqual([
      'perp.tiers[1].cum: must be 25 to keep maintenance margin continuous, cum(n) = cum(n-1) + notionalFloor(n) x (mmr(n) - mmr(n-1)) (got 30)',
    ]);
  });

  it('refuses tiers with a gap between them', () => {
    const tiers = [
      { notionalFloor: 0, notionalCap: 5000, maxLeverage: 20, mmr: 0.02, cum: 0 },
      { notionalFloor: 6000, notionalCap: 25000, maxLeverage: 15, mmr: 0.02, cum: 0 },
    ];
    expect(issuesOf({ perp: { tiers } })).toEqual([
      "perp.tiers[1].notionalFloor: must equal the previous tier's notionalCap 5000 (got 6000); tiers must be contiguous",
    ]);
  });

  it('explains wrong types, ranges and choices in plain words', () => {
    expect(
      issuesOf({
        exchange: { sandbox: 'yes' },
        data: { timeframes: ['1m', '2m'] },
        risk: { profile: 'pro', stopLossPct: 0 },
        server: { port: 80.5 },
      }),
    ).toEqual([
      'exchange.sandbox: must be true or false (got "yes")',
      'data.timeframes[1]: must be one of 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 8h, 12h, 1d (got "2m")',
      'risk.profile: must be one of beginner, standard, experienced (got "pro")',
      'risk.stopLossPct: must be > 0',
      'server.port: must be a whole number (got 80.5)',
    ]);
  });

  it('names the source in the error message', () => {
    expect(() => parseConfig({ fees: { taker: 1 } }, 'prod.yaml')).toThrow('prod.yaml: invalid config');
  });
});
