import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { NmrbotConfig } from '../../config/index.js';
import { AltDataStore, MIGRATIONS, MarketStore } from '../../data/index.js';
import { collectSeriesStatus } from '../../data/status/index.js';
import { feedHealth } from '../../feeds/feed-health.js';
import type { DoctorCheck } from './doctor.types.js';

const HOUR = 3_600_000;
/** Newest stored bar older than this: the warm-up starts from old data. */
const STALE_CANDLES_HOURS = 24;

/** Migrations not yet applied to the store at `file` (read only; a new file has them all pending). */
function pendingMigrations(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    if (!table) return MIGRATIONS.length;
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all().map(Number));
    return MIGRATIONS.filter((m) => !applied.has(m.version)).length;
  } finally {
    db.close();
  }
}

/**
 * The store opens (its migrations are brought up to date, as any command does), the configured
 * market has candles and funding stored and recent, and each alternative-data feed is fresh.
 */
export function storeChecks(config: NmrbotConfig, now: number): DoctorCheck[] {
  const file = config.store.path;
  if (!fs.existsSync(file))
    return [
      {
        name: 'store',
        status: 'WARN',
        message: `store ${file} does not exist yet (paper and live create it; backtests need data in it)`,
        fix: 'run nmrbot data download (or nmrbot data import <files>), or point --store / store.path at the right file',
      },
    ];
  let pending: number;
  let store: MarketStore;
  try {
    pending = pendingMigrations(file);
    store = MarketStore.open(file);
  } catch (err) {
    return [
      {
        name: 'store',
        status: 'FAIL',
        message: (err as Error).message,
        fix: 'check the file is an nmrbot store and this nmrbot is at least as new as the one that wrote it',
      },
    ];
  }
  try {
    const newest = Math.max(...MIGRATIONS.map((m) => m.version));
    const checks: DoctorCheck[] = [
      {
        name: 'store',
        status: 'OK',
        message: `${file} opens; schema at version ${newest}${pending > 0 ? ` (${pending} migration${pending === 1 ? '' : 's'} applied now)` : ', migrations current'}`,
      },
    ];
    checks.push(...coverageChecks(store, config, now));
    const enabled = {
      numerai: config.feeds.numerai.enabled,
      onchain: config.feeds.onchain.enabled,
      sentiment: config.feeds.sentiment.enabled,
    };
    for (const f of feedHealth(new AltDataStore(store.db).spans(), enabled, now))
      checks.push({
        name: `feed ${f.feed}`,
        status: f.state === 'ok' || f.state === 'disabled' ? 'OK' : 'WARN',
        message: `${f.state}: ${f.message}`,
      });
    return checks;
  } finally {
    store.close();
  }
}

function coverageChecks(store: MarketStore, config: NmrbotConfig, now: number): DoctorCheck[] {
  const { id, symbol } = config.exchange;
  const mine = collectSeriesStatus(store).filter((s) => s.exchange === id && s.symbol === symbol);
  const download = `nmrbot data download --exchange ${id} --symbol ${symbol}`;
  const candles = mine.filter((s) => s.kind === 'candles' && s.last !== null);
  const checks: DoctorCheck[] = [];
  if (candles.length === 0) {
    checks.push({
      name: 'candles',
      status: 'WARN',
      message: `no candles stored for ${id} ${symbol}: backtests and paper --replay need them (paper and live fetch their warm-up from the exchange)`,
      fix: `run ${download}`,
    });
  } else {
    const newest = candles.reduce((a, b) => (Date.parse(a.last ?? '') >= Date.parse(b.last ?? '') ? a : b));
    const ageHours = (now - Date.parse(newest.last ?? '')) / HOUR;
    const span = `${newest.timeframe} ${newest.first} .. ${newest.last}, ${newest.rows} bars, ${newest.gaps.missing} missing${newest.synthetic ? ', SYNTHETIC' : ''}`;
    checks.push(
      ageHours > STALE_CANDLES_HOURS
        ? {
            name: 'candles',
            status: 'WARN',
            message: `newest ${symbol} bar is ${ageHours.toFixed(1)} h old (${span})`,
            fix: `run ${download} to bring it up to date (for backtests and paper --replay)`,
          }
        : { name: 'candles', status: 'OK', message: span },
    );
  }
  const funding = mine.find((s) => s.kind === 'funding' && s.rows > 0);
  checks.push(
    funding
      ? {
          name: 'funding',
          status: 'OK',
          message: `${funding.rows} settlements ${funding.first} .. ${funding.last}`,
        }
      : {
          name: 'funding',
          status: 'WARN',
          message: `no funding history stored for ${id} ${symbol}: backtests fall back to an estimate`,
          fix: `run ${download}`,
        },
  );
  return checks;
}
