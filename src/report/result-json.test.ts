import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/index.js';
import {
  type TempStore,
  exactSpec,
  storeFunding,
  storeHourlyBars,
  tempStore,
} from '../backtest/test-helpers.js';
import {
  RESULT_JSON_FORMAT,
  canonicalJson,
  jsonNumber,
  resultSummaryJson,
  resultToJson,
} from './result-json.js';
import { WAVE_FUNDING, flipStrategy, handMadeResult, waveBars } from './test-fixtures.js';

describe('resultToJson', () => {
  let t: TempStore;
  beforeEach(() => {
    t = tempStore();
    storeHourlyBars(t.store, waveBars(48));
    storeFunding(t.store, WAVE_FUNDING);
  });
  afterEach(() => t.cleanup());

  const run = () => runBacktest(t.store, { ...exactSpec(), strategy: flipStrategy() });

  it('serialises two runs of the same input to byte-identical JSON', () => {
    const a = JSON.stringify(resultToJson(run()));
    const b = JSON.stringify(resultToJson(run()));
    expect(a.length).toBeGreaterThan(1000);
    expect(a === b, 'same bytes').toBe(true);
  });

  it('holds only plain JSON: parsing it back gives the same document', () => {
    const doc = resultToJson(run());
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('keeps the documented key order, trades as objects and the equity curve as arrays', () => {
    const result = run();
    const doc = resultToJson(result);
    expect(Object.keys(doc)).toEqual([
      'format',
      'title',
      'strategy',
      'synthetic',
      'firstBarOpen',
      'lastBarClose',
      'spec',
      'counts',
      'riskByRule',
      'fundingCoverage',
      'metrics',
      'trades',
      'equity',
    ]);
    expect(doc.format).toBe(RESULT_JSON_FORMAT);
    expect(doc.title).toBe('[SYNTHETIC] Backtest: flipper on testex NMR/USDT:USDT 1h');
    expect(doc.trades).toHaveLength(4);
    // Every trade has every key; a trade without an entry snapshot gets null there.
    expect(Object.keys((doc.trades as object[])[0] ?? {})).toEqual([
      ...Object.keys(result.trades[0] ?? {}),
      'entrySnapshot',
    ]);
    expect((doc.trades as { entrySnapshot: unknown }[])[0]?.entrySnapshot).toBeNull();
    const equity = doc.equity as Record<string, number[]>;
    expect(Object.keys(equity)).toEqual([
      'time',
      'equity',
      'wallet',
      'unrealisedPnl',
      'marginUsed',
      'position',
      'price',
    ]);
    expect(equity.equity).toEqual(Array.from(result.equity.column('equity')));
    expect(Array.isArray(equity.time)).toBe(true);
    expect(Object.keys(doc.spec as object), 'spec keys sorted').toEqual(
      Object.keys(doc.spec as object).sort(),
    );
  });

  it('writes an infinite profit factor as the string "Infinity"', () => {
    const doc = resultSummaryJson(handMadeResult());
    expect((doc.metrics as Record<string, unknown>).profitFactor).toBe('Infinity');
    expect(JSON.stringify(doc)).toContain('"profitFactor":"Infinity"');
  });
});

describe('jsonNumber', () => {
  it('keeps finite numbers, names infinities and turns NaN into null', () => {
    expect([1.5, -0, Infinity, -Infinity, NaN].map(jsonNumber)).toEqual([
      1.5,
      0,
      'Infinity',
      '-Infinity',
      null,
    ]);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, turns typed arrays into arrays and undefined into null', () => {
    const value = { b: 1, a: { d: new Float64Array([1, NaN]), c: undefined }, f: () => 1 };
    expect(JSON.stringify(canonicalJson(value))).toBe('{"a":{"c":null,"d":[1,null]},"b":1}');
  });
});
