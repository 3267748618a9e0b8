import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EpochMs } from '../../core/index.js';
import { AltDataStore } from './alt-data-store.js';
import { MarketStore } from './market-store.js';

const t = (iso: string): EpochMs => Date.parse(iso) as EpochMs;

describe('AltDataStore (real SQLite file)', () => {
  let dir: string;
  let store: MarketStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-alt-'));
    store = MarketStore.open(path.join(dir, 'alt.db'));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('upserts idempotently, replaces revisions and reads in availableAt order', () => {
    const alt = new AltDataStore(store.db);
    const a = {
      source: 'numerai',
      key: 'swmm_corr',
      eventTime: t('2025-01-03T00:00Z'),
      availableAt: t('2025-01-05T12:00Z'),
      value: 0.02,
    };
    const b = {
      source: 'numerai',
      key: 'swmm_corr',
      eventTime: t('2025-01-01T00:00Z'),
      availableAt: t('2025-01-06T12:00Z'),
      value: -0.01,
      payload: { round: 900 },
    };
    expect(alt.upsert([a, b])).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(alt.upsert([a, b])).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(alt.upsert([{ ...a, value: 0.03, availableAt: t('2025-01-07T00:00Z') }])).toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    const rows = alt.load('numerai');
    expect(rows.map((r) => [r.eventTime, r.value])).toEqual([
      [b.eventTime, -0.01],
      [a.eventTime, 0.03],
    ]);
    expect(rows[0]?.payload).toEqual({ round: 900 });
    expect(alt.load('numerai', { to: t('2025-01-06T12:00Z') })).toEqual([]);
    expect(alt.lastEventTime('numerai', 'swmm_corr')).toBe(a.eventTime);
    expect(alt.spans()).toEqual([
      {
        source: 'numerai',
        key: 'swmm_corr',
        rows: 2,
        firstEvent: b.eventTime,
        lastEvent: a.eventTime,
        lastAvailable: t('2025-01-07T00:00Z'),
        synthetic: false,
      },
    ]);
  });

  it('refuses bad rows naming the row and field, keeping what was stored', () => {
    const alt = new AltDataStore(store.db);
    const good = {
      source: 'sentiment',
      key: 'score',
      eventTime: t('2025-01-01T00:00Z'),
      availableAt: t('2025-01-01T01:00Z'),
      value: 0.5,
    };
    alt.upsert([good]);
    expect(() =>
      alt.upsert([
        { ...good, eventTime: t('2025-01-02T00:00Z') },
        { ...good, value: Number.NaN },
      ]),
    ).toThrow('alt data row 1 (sentiment/score): value must be a finite number, got NaN');
    expect(() => alt.upsert([{ ...good, synthetic: true }])).toThrow(
      /stored as real; refusing to overwrite it with synthetic/,
    );
    expect(alt.load('sentiment').map((r) => r.value)).toEqual([0.5]);
  });
});
