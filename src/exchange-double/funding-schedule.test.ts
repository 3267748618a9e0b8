import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../core/index.js';
import { type CandleSeries, FundingSeries, NMR_FIT_FILES, readMarketFile } from '../data/index.js';
import { ExchangeEngine } from './exchange-engine.js';
import { FundingSchedule } from './funding-schedule.js';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

/** REAL Binance NMRUSDT data of July 2023 (SOURCES.md A1): 1h candles and 8h funding settlements. */
function real(): { candles: CandleSeries; funding: FundingSeries } {
  const candles = readMarketFile(path.join(shared, NMR_FIT_FILES.binance1h2023)).data;
  const funding = readMarketFile(path.join(shared, NMR_FIT_FILES.binanceFunding)).data;
  if (candles.kind !== 'candles' || funding.kind !== 'funding') throw new Error('unexpected file kinds');
  return { candles: candles.series, funding: new FundingSeries(funding.events) };
}

describe('FundingSchedule', () => {
  it('returns each settlement once, in order, and knows the next one (constant 4 h grid)', () => {
    const t0 = Date.UTC(2025, 0, 6, 12);
    const s = new FundingSchedule({ rate: 0.0001, intervalHours: 4 }, t0, t0 + 12 * HOUR_MS);
    s.skipTo(t0);
    expect(s.due(t0 + 4 * HOUR_MS - 1)).toEqual([]);
    expect(s.due(t0 + 8 * HOUR_MS).map((e) => e.time)).toEqual([t0 + 4 * HOUR_MS, t0 + 8 * HOUR_MS]);
    expect(s.due(t0 + 8 * HOUR_MS)).toEqual([]);
    expect(s.nextTime(t0 + 8 * HOUR_MS)).toBe(t0 + 12 * HOUR_MS);
    expect(s.lastRate(t0 + 5 * HOUR_MS)).toBe(0.0001);
  });

  it('refuses a constant schedule that is not a whole number of hours', () => {
    expect(() => new FundingSchedule({ rate: 0.0001, intervalHours: 0 }, 0, 1)).toThrow(
      'funding.intervalHours must be a whole number of hours > 0, got 0',
    );
  });
});

describe('funding on a real replay (NMRUSDT 1h candles and 8h settlements, July 2023)', () => {
  it('charges a long held through the 2023-07-04 16:00 settlement qty x mark x rate, once', () => {
    const { candles, funding } = real();
    const engine = new ExchangeEngine({ series: candles, funding });
    expect(engine.replay.boundaryTime, 'the file starts 2023-07-04 13:00').toBe(Date.UTC(2023, 6, 4, 13));
    engine.placeOrder({
      side: 'BUY',
      type: 'MARKET',
      quantity: 10,
      timeInForce: 'GTC',
      reduceOnly: false,
      clientOrderId: 'f',
    });
    engine.advance(); // 14:00
    engine.advance(); // 15:00
    expect(engine.ledger.income().filter((r) => r.incomeType === 'FUNDING_FEE')).toEqual([]);
    engine.advance(); // 16:00: the settlement (rate 0.0001, no mark in the file: the 15:00 bar's close)
    const close15 = candles.at(2).close;
    const paid = engine.ledger.income().filter((r) => r.incomeType === 'FUNDING_FEE');
    expect(paid.map((r) => [r.time, r.income])).toEqual([[Date.UTC(2023, 6, 4, 16), -10 * close15 * 0.0001]]);
    for (let i = 0; i < 7; i++) engine.advance(); // 23:00
    const fundingRows = (): number =>
      engine.ledger.income().filter((r) => r.incomeType === 'FUNDING_FEE').length;
    expect(fundingRows(), 'nothing more until 00:00').toBe(1);
    engine.advance(); // 2023-07-05 00:00, rate 0.00002903
    expect(fundingRows()).toBe(2);
  });
});
