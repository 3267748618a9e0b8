import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import { excludesZero } from './intervals.js';
import { plantedStream } from './planted-streams.js';
import type { Interval } from './research.types.js';
import { networkLeads } from './claims.js';
import { DEFAULT_CLAIM_OPTIONS, runResearch } from './run-research.js';

const includesZero = (ci: Interval) => ci.low !== null && ci.high !== null && ci.low <= 0 && ci.high >= 0;
const signals = defaultConfig().signals;
const market = { exchange: 'synthetic', symbol: 'NMR/USDT:USDT', timeframe: '1h' };

describe('runResearch on a SYNTHETIC stream where sentiment predicts the 4 h return', () => {
  const report = runResearch({
    stream: plantedStream({ days: 40, seed: 7, sentimentPredicts4h: true }),
    signals,
    horizonsHours: [1, 4, 12, 24],
    claims: DEFAULT_CLAIM_OPTIONS,
    market,
    synthetic: true,
  });
  const at4h = (name: string) =>
    report.signals.find((s) => s.signal === name)?.horizons.find((h) => h.horizonHours === 4);

  it('labels the report synthetic', () => {
    expect(report.title.startsWith('[SYNTHETIC]')).toBe(true);
    expect(report.fundingSources, 'every planted settlement is marked real').toEqual({
      real: 120,
      'premium-estimate': 0,
      constant: 0,
    });
  });

  it('finds the planted signal: its IC peaks at 4 h with a CI excluding 0', () => {
    const sentiment = report.signals.find((s) => s.signal === 'sentiment');
    const ics = sentiment?.horizons.map((h) => h.ic ?? -Infinity) ?? [];
    expect(ics.indexOf(Math.max(...ics)), `sentiment IC by horizon: ${ics.join(', ')}`).toBe(1);
    const h4 = at4h('sentiment');
    expect(h4 && excludesZero(h4.icCi), `sentiment 4h CI ${JSON.stringify(h4?.icCi)}`).toBe(true);
    expect(h4?.hitRate ?? 0, 'hit rate above a coin').toBeGreaterThan(0.6);
  });

  it("leaves the other signals' 4 h IC intervals around 0", () => {
    for (const name of ['momentum', 'mean_reversion', 'funding', 'network']) {
      const h4 = at4h(name);
      expect(h4 && includesZero(h4.icCi), `${name} 4h IC ${h4?.ic} CI ${JSON.stringify(h4?.icCi)}`).toBe(
        true,
      );
    }
  });
});

describe('fundingClaims on a SYNTHETIC stream with planted reversion after extreme funding', () => {
  const report = runResearch({
    stream: plantedStream({ days: 60, seed: 3, fundingReversion: true }),
    signals,
    horizonsHours: [4],
    claims: DEFAULT_CLAIM_OPTIONS,
    market,
    synthetic: true,
  });

  it('reports a negative difference above +0.1%/8h whose CI excludes 0', () => {
    const above = report.fundingClaims.find((c) => c.side === 'above');
    expect(above?.status).toBe('ok');
    expect(above?.difference ?? 0).toBeLessThan(0);
    expect(above && excludesZero(above.differenceCi), JSON.stringify(above?.differenceCi)).toBe(true);
  });

  it('reports "not enough data" below -0.1%/8h, where no settlement is', () => {
    const below = report.fundingClaims.find((c) => c.side === 'below');
    expect(below?.nExtreme).toBe(0);
    expect(below?.status).toBe('not enough data');
    expect(below?.difference).toBeNull();
  });

  it('correlates network health with later funding, with a CI, at every lag', () => {
    for (const lead of report.networkLeads) {
      expect(lead.status).toBe('ok');
      expect(lead.ci.low).not.toBeNull();
    }
  });
});

describe('networkLeads on hand-made inputs', () => {
  const hours = (h: number) => h * 3_600_000;
  const inputs = (rates: (k: number) => number) => ({
    closeTimes: [],
    closes: [],
    values: { momentum: [], mean_reversion: [], funding: [], network: [], sentiment: [] },
    settlements: Array.from({ length: 40 }, (_, k) => ({
      time: hours(8 * k),
      rate8h: rates(k),
      source: 'real' as const,
    })),
    networkHealth: Array.from({ length: 30 }, (_, k) => ({ time: hours(8 * k), value: k / 30 })),
  });
  const options = { ...DEFAULT_CLAIM_OPTIONS, lagsHours: [0, 8] };

  it('says "constant input" (not "ok") when funding never changes, as on the constant fallback', () => {
    const leads = networkLeads(
      inputs(() => 0.0001),
      options,
    );
    expect(leads.map((l) => [l.status, l.n, l.rho])).toEqual([
      ['constant input', 30, null],
      ['constant input', 30, null],
    ]);
  });

  it('gives rho 1 when funding rises with network health at every lag that keeps the order', () => {
    const leads = networkLeads(
      inputs((k) => k * 1e-5),
      options,
    );
    expect(leads.map((l) => [l.status, l.n, l.rho])).toEqual([
      ['ok', 30, 1],
      ['ok', 30, 1],
    ]);
  });
});
