import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS, type EpochMs } from '../../core/index.js';
import { AltDataStore, CandleSeriesBuilder, MarketStore } from '../../data/index.js';
import { type ExchangeDouble, startExchangeDouble } from '../../exchange-double/index.js';
import { flatBars } from '../../exchange-double/test-helpers.js';
import { deadUrl, startReceiver } from '../../ops/alerts/test-receiver.js';
import { runCliCaptured } from '../run-captured.js';

const SYMBOL = 'NMR/USDT:USDT';
const ENV = {
  NMRBOT_DOCTOR_KEY: 'doctor-key-never-printed',
  NMRBOT_DOCTOR_SECRET: 'doctor-secret-never-printed',
  NMRBOT_DOCTOR_HOOK: '',
};

/**
 * A store holding SYNTHETIC hourly NMR bars up to the last full hour, funding every 4 h and one
 * calendar event: what a healthy install has after `data download` and `data fetch calendar`.
 */
function healthyStore(file: string, hoursOld = 1): void {
  const store = MarketStore.open(file);
  try {
    const last = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - hoursOld * HOUR_MS;
    const b = new CandleSeriesBuilder('1h');
    for (let t = last - 47 * HOUR_MS; t <= last; t += HOUR_MS) b.push(t, 13, 13, 13, 13, 1_000);
    const key = { exchange: 'binanceusdm', symbol: SYMBOL };
    store.upsertCandles({ ...key, kind: 'candles', timeframe: '1h' }, b.build(), {
      synthetic: true,
      source: 'doctor test bars',
    });
    store.upsertFunding(
      { ...key, kind: 'funding' },
      [0, 4, 8].map((h) => ({ time: (last - h * HOUR_MS) as EpochMs, rate: 0.0001 })),
      { synthetic: true },
    );
    new AltDataStore(store.db).upsert([
      {
        source: 'calendar',
        key: 'round',
        eventTime: (last + 24 * HOUR_MS) as EpochMs,
        availableAt: (last - HOUR_MS) as EpochMs,
        synthetic: true,
      },
    ]);
  } finally {
    store.close();
  }
}

describe('nmrbot doctor (real ccxt client against the local exchange double)', () => {
  let dir: string;
  let args: string[];
  let double: ExchangeDouble | undefined;
  const saved: Record<string, string | undefined> = {};
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-doctor-'));
    const hook = await startReceiver();
    await hook.close(); // only its URL is configured; doctor does not send
    for (const k of Object.keys(ENV)) saved[k] = process.env[k];
    Object.assign(process.env, { ...ENV, NMRBOT_DOCTOR_HOOK: `${hook.url}/hook` });
    fs.writeFileSync(
      path.join(dir, 'nmrbot.yaml'),
      [
        'exchange: { id: binanceusdm, symbol: NMR/USDT:USDT, apiKeyEnv: NMRBOT_DOCTOR_KEY, secretEnv: NMRBOT_DOCTOR_SECRET }',
        `store: { path: ${JSON.stringify(path.join(dir, 'store.db'))} }`,
        'feeds: { numerai: { enabled: false }, onchain: { enabled: false }, sentiment: { enabled: false } }',
        'alerts: { webhookUrlEnv: NMRBOT_DOCTOR_HOOK }',
      ].join('\n'),
    );
    healthyStore(path.join(dir, 'store.db'));
    args = ['--config', path.join(dir, 'nmrbot.yaml'), 'doctor'];
  });
  afterEach(async () => {
    await double?.close();
    double = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const startDouble = async (clockSkewMs = 0) =>
    (double = await startExchangeDouble({
      series: flatBars(10, 13),
      faults: { clockSkewMs },
      log: () => {},
    }));

  it('a healthy setup: every check OK, exit 0, no secret printed', async () => {
    const d = await startDouble();
    const r = await runCliCaptured([...args, '--base-url', d.url, '--live']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const statuses = r.stdout
      .split('\n')
      .filter((l) => /^(OK|WARN|FAIL) /.test(l))
      .map((l) => l.slice(0, 21).trim().replace(/ +/, ' '));
    expect(statuses).toEqual([
      'OK config',
      'OK store',
      'OK candles',
      'OK funding',
      'OK feed numerai',
      'OK feed onchain',
      'OK feed sentiment',
      'OK feed calendar',
      'OK exchange',
      'OK clock drift',
      'OK market',
      'OK credentials',
      'OK alerts',
    ]);
    expect(r.stdout).toContain('migrations current');
    expect(r.stdout).toContain('1h ');
    expect(r.stdout).toContain('48 bars, 0 missing, SYNTHETIC');
    expect(r.stdout).toContain('binanceusdm lists NMR/USDT:USDT');
    expect(r.stdout).toContain('alerts          webhook; digest at 08:00, 20:00 UTC');
    expect(r.stdout).toMatch(/13 OK, 0 WARN, 0 FAIL\n$/);
    expect(r.stdout + r.stderr).not.toContain('never-printed');
  }, 30_000);

  it('a clock 3 s behind the exchange warns, 10 s fails, naming the drift', async () => {
    let d = await startDouble(3_000);
    let r = await runCliCaptured([...args, '--base-url', d.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^WARN {2}clock drift +local clock behind the exchange server time by 3\.\d s \(> 1\.0 s\)$/m,
    );
    expect(r.stdout).toContain('fix: sync the system clock: timedatectl set-ntp true');
    await d.close();
    d = await startDouble(10_000);
    r = await runCliCaptured([...args, '--base-url', d.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL {2}clock drift +local clock behind the exchange server time by 10\.\d s \(>= 5\.0 s: signed requests are refused\)$/m,
    );
    expect(r.stderr).toBe('error: doctor: 1 check failed\n');
  }, 30_000);

  it('an unreachable exchange is a FAIL with a clear line, and the other checks still run', async () => {
    const url = await deadUrl();
    const r = await runCliCaptured([...args, '--base-url', url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(`^FAIL  exchange +${url.replace(/\./g, '\\.')} is unreachable: \\w+: `, 'm'),
    );
    expect(r.stdout).toContain('fix: check the network, DNS and firewall');
    expect(r.stdout).not.toContain('clock drift');
    expect(r.stdout).toMatch(/^OK {4}credentials /m);
  }, 30_000);

  it('a missing store, missing credentials for live and an invalid config each say what to do', async () => {
    fs.rmSync(path.join(dir, 'store.db'));
    delete process.env['NMRBOT_DOCTOR_SECRET'];
    const r = await runCliCaptured([...args, '--offline', '--live']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `WARN  store           store ${path.join(dir, 'store.db')} does not exist yet (paper and live create it; backtests need data in it)`,
    );
    expect(r.stdout).toContain(
      'FAIL  credentials     NMRBOT_DOCTOR_SECRET not set: live trading cannot start',
    );
    expect(fs.existsSync(path.join(dir, 'store.db')), 'doctor does not create a store').toBe(false);
    fs.writeFileSync(path.join(dir, 'nmrbot.yaml'), 'risk: { maxLeverage: 50 }\n');
    const bad = await runCliCaptured([...args, '--offline']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL {2}config +.*risk\.maxLeverage/m);
  }, 30_000);

  it('bars three days old and an enabled feed with no data warn, with the command that fixes each', async () => {
    fs.rmSync(path.join(dir, 'store.db'));
    healthyStore(path.join(dir, 'store.db'), 72);
    const yaml = path.join(dir, 'nmrbot.yaml');
    fs.writeFileSync(
      yaml,
      fs.readFileSync(yaml, 'utf8').replace('onchain: { enabled: false }', 'onchain: { enabled: true }'),
    );
    const r = await runCliCaptured([...args, '--offline']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^WARN {2}candles +newest NMR\/USDT:USDT bar is 7[12]\.\d h old \(1h /m);
    expect(r.stdout).toContain(
      'fix: run nmrbot data download --exchange binanceusdm --symbol NMR/USDT:USDT to bring it up to date (for backtests and paper --replay)',
    );
    expect(r.stdout).toContain(
      'WARN  feed onchain    empty: no data stored: the network family stays neutral; run nmrbot data fetch onchain',
    );
    expect(r.stdout).toMatch(/^OK {4}feed calendar +ok: fresh \(newest datum 7[34]\.\d h old\)$/m);
  }, 30_000);
});
