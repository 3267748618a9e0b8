import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AltDataStore, MarketStore } from '../../data/index.js';
import { type NumeraiDouble, startNumeraiDouble } from '../../../test/doubles/numerai/index.js';
import { type CliRun, runCliCaptured } from '../run-captured.js';

let dir: string;
let db: string;
let double: NumeraiDouble;

function run(...args: string[]): Promise<CliRun> {
  return runCliCaptured(['--store', db, ...args]);
}

function stored(source: string): number {
  const store = MarketStore.open(db);
  try {
    return new AltDataStore(store.db).load(source).length;
  } finally {
    store.close();
  }
}

describe('nmrbot data fetch', () => {
  beforeAll(async () => {
    double = await startNumeraiDouble();
  });
  afterAll(() => double.close());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-fetch-cli-'));
    db = path.join(dir, 'store.db');
  });

  it('fetches Numerai rounds from the (real-data) double into the store; data status then lists them', async () => {
    const r = await run('data', 'fetch', 'numerai', '--since', '2022-11-01', '--base-url', double.url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/numerai: \d+ new, 0 updated, 0 unchanged rows in the store/);
    const rows = stored('numerai');
    expect(rows).toBeGreaterThan(0);
    const again = await run('data', 'fetch', 'numerai', '--since', '2022-11-01', '--base-url', double.url);
    expect(again.stdout).toMatch(/numerai: 0 new, 0 updated, \d+ unchanged rows in the store/);
    expect(stored('numerai'), 'a second fetch adds nothing').toBe(rows);
    const status = JSON.parse((await run('data', 'status', '--json')).stdout) as {
      feeds: { feed: string; state: string; rows: number }[];
    };
    // The real rounds end in 2022: the data is there but stale for trading today.
    expect(status.feeds.find((f) => f.feed === 'numerai')).toMatchObject({ state: 'stale', rows });
  });

  it('reports a dead feed as a warning, keeps going with the others, and exits 1', async () => {
    const config = path.join(dir, 'nmrbot.yaml');
    const calendar = path.join(dir, 'events.ics');
    fs.writeFileSync(
      calendar,
      [
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'DTSTART:20270105T140000Z',
        'SUMMARY:NMR token unlock',
        'END:VEVENT',
        'END:VCALENDAR',
      ].join('\r\n'),
    );
    fs.writeFileSync(
      config,
      `risk:\n  events:\n    calendarFile: ${calendar}\nfeeds:\n  numerai:\n    retries: 0\n`,
    );
    const dead = 'http://127.0.0.1:9';
    const r = await runCliCaptured(['--store', db, '--config', config, 'data', 'fetch', 'calendar']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('calendar: 1 new, 0 updated, 0 unchanged rows in the store');
    const failing = await runCliCaptured([
      '--store',
      db,
      '--config',
      config,
      'data',
      'fetch',
      'numerai',
      '--base-url',
      dead,
    ]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('warning: feed numerai failed:');
    expect(failing.stderr).toContain('its signal family stays neutral until a fetch succeeds');
    expect(failing.stderr).toContain('error: 1 of 1 feed(s) failed (numerai)');
    const store = MarketStore.open(db);
    try {
      const events = new AltDataStore(store.db).load('calendar', {}, 'user:NMR token unlock');
      expect(events.map((e) => e.eventTime)).toEqual([Date.UTC(2027, 0, 5, 14)]);
    } finally {
      store.close();
    }
  });

  it('skips a feed disabled in config and says so', async () => {
    const config = path.join(dir, 'off.yaml');
    fs.writeFileSync(config, 'feeds:\n  sentiment:\n    enabled: false\n');
    const r = await runCliCaptured(['--store', db, '--config', config, 'data', 'fetch', 'sentiment']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'note: feed sentiment is disabled in config (feeds.sentiment.enabled); skipped',
    );
  });

  it('refuses an unknown feed by name', async () => {
    const r = await run('data', 'fetch', 'twitter');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown feed "twitter": use numerai, onchain, sentiment, calendar or all');
  });
});
