import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/index.js';
import { plantedStream } from './planted-streams.js';
import { renderResearchHtml, researchJson, researchRunName } from './research-html.js';
import { DEFAULT_CLAIM_OPTIONS, runResearch } from './run-research.js';

describe('renderResearchHtml', () => {
  const report = runResearch({
    stream: plantedStream({ days: 10, seed: 1 }),
    signals: defaultConfig().signals,
    horizonsHours: [1, 4, 12],
    claims: DEFAULT_CLAIM_OPTIONS,
    market: { exchange: 'synthetic', symbol: 'NMR/USDT:USDT', timeframe: '1h' },
    synthetic: true,
  });

  it('is one self-contained page titled [SYNTHETIC] with the two charts and the claims', () => {
    const html = renderResearchHtml(report);
    expect(html).toContain('<title>[SYNTHETIC] Research');
    expect(html.match(/<svg class="chart"/g)?.length, 'IC and hit-rate charts').toBe(2);
    expect(html).toContain('Extreme funding predicts reversion');
    expect(html).toContain('not enough data');
    expect(html, 'no external assets').not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('names the run and writes JSON that parses back to the report', () => {
    expect(researchRunName(report)).toBe('synthetic-research-synthetic-NMR_USDT_USDT-1h-20250106-20250116');
    const json = JSON.parse(researchJson(report)) as { title: string; signals: unknown[] };
    expect(json.title).toBe(report.title);
    expect(json.signals).toHaveLength(5);
  });
});
