import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type EpochMs, InputError, type Timeframe } from '../../core/index.js';
import { CandleSeries, type FundingEvent, FundingSeries, type OpenInterestPoint } from '../series/index.js';
import {
  type MergeCounts,
  chunkSpanMs,
  chunkStartOf,
  decodeChunk,
  decodeChunkInto,
  encodeChunk,
  mergeSeries,
} from './candle-chunks.js';
import { migrate } from './migrations.js';
import { type SeriesInfo, type SeriesKey, parseStoredTimeframe, seriesLabel } from './series-key.js';

export interface TimeRange {
  /** Inclusive start (epoch ms). */
  readonly from?: number | undefined;
  /** Exclusive end (epoch ms). */
  readonly to?: number | undefined;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface SeriesSpan {
  readonly rows: number;
  readonly first: EpochMs | null;
  readonly last: EpochMs | null;
}

export interface SeriesMeta {
  readonly synthetic?: boolean;
  readonly source?: string;
}

interface SeriesRow {
  id: number;
  exchange: string;
  symbol: string;
  kind: SeriesKey['kind'];
  timeframe: string;
  synthetic: number;
  source: string | null;
}

/**
 * The SQLite market-data store (WAL). Upserts are idempotent: writing the same bars twice changes
 * nothing. Writes that must stand or fall together go inside `transaction()`.
 */
export class MarketStore {
  readonly path: string;
  readonly db: Database.Database;

  private constructor(file: string, db: Database.Database) {
    this.path = file;
    this.db = db;
  }

  /** Opens (creating if needed) the store at `file` and brings its schema up to date. */
  static open(file: string): MarketStore {
    if (file !== ':memory:') {
      const dir = path.dirname(path.resolve(file));
      if (!fs.existsSync(dir))
        throw new InputError(`store folder ${dir} does not exist (store path ${file})`);
    }
    let db: Database.Database;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } catch (err) {
      throw new InputError(`cannot open store ${file}: ${(err as Error).message}`);
    }
    return new MarketStore(file, db);
  }

  close(): void {
    this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  listSeries(): SeriesInfo[] {
    const rows = this.db
      .prepare('SELECT * FROM series ORDER BY exchange, symbol, kind, timeframe')
      .all() as SeriesRow[];
    return rows.map(toInfo);
  }

  findSeries(key: SeriesKey): SeriesInfo | undefined {
    const row = this.db
      .prepare('SELECT * FROM series WHERE exchange = ? AND symbol = ? AND kind = ? AND timeframe = ?')
      .get(key.exchange, key.symbol, key.kind, key.timeframe ?? '') as SeriesRow | undefined;
    return row && toInfo(row);
  }

  /**
   * Returns the series, creating it if new. A synthetic series and a real one never share a key: mixing
   * generated bars into real history would make every report built on it dishonest.
   */
  ensureSeries(key: SeriesKey, meta: SeriesMeta = {}): SeriesInfo {
    const found = this.findSeries(key);
    const synthetic = meta.synthetic ?? false;
    if (found) {
      if (found.synthetic !== synthetic) {
        throw new InputError(
          `series ${seriesLabel(key)} is stored as ${found.synthetic ? 'synthetic' : 'real'} data; ` +
            `refusing to add ${synthetic ? 'synthetic' : 'real'} rows to it`,
        );
      }
      return found;
    }
    this.db
      .prepare(
        'INSERT INTO series (exchange, symbol, kind, timeframe, synthetic, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        key.exchange,
        key.symbol,
        key.kind,
        key.timeframe ?? '',
        synthetic ? 1 : 0,
        meta.source ?? null,
        Date.now(),
      );
    return this.findSeries(key) as SeriesInfo;
  }

  upsertCandles(key: SeriesKey, series: CandleSeries, meta: SeriesMeta = {}): UpsertCounts {
    const tf = requireTimeframe(key);
    if (series.timeframe !== tf) {
      throw new InputError(`cannot store ${series.timeframe} bars in ${seriesLabel(key)}`);
    }
    const counts: MergeCounts = { inserted: 0, updated: 0, unchanged: 0 };
    if (series.length === 0) return counts;
    const span = chunkSpanMs(tf);
    return this.transaction(() => {
      const info = this.ensureSeries(key, meta);
      const read = this.db
        .prepare('SELECT data FROM candle_chunks WHERE series_id = ? AND chunk_start = ?')
        .pluck();
      const write = this.db.prepare(
        `INSERT INTO candle_chunks (series_id, chunk_start, first_time, last_time, rows, data) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_id, chunk_start) DO UPDATE SET first_time = excluded.first_time,
           last_time = excluded.last_time, rows = excluded.rows, data = excluded.data`,
      );
      let i = 0;
      while (i < series.length) {
        const start = chunkStartOf(series.openTime[i] as number, span);
        const j = series.lowerBound(start + span);
        const incoming = series.slice(i, j);
        const blob = read.get(info.id, start) as Buffer | undefined;
        const merged = blob ? mergeSeries(decodeChunk(tf, blob), incoming, counts) : incoming;
        if (!blob) counts.inserted += incoming.length;
        write.run(
          info.id,
          start,
          merged.openTime[0],
          merged.openTime[merged.length - 1],
          merged.length,
          encodeChunk(merged),
        );
        i = j;
      }
      return counts;
    });
  }

  loadCandles(key: SeriesKey, range: TimeRange = {}): CandleSeries {
    const tf = requireTimeframe(key);
    const info = this.findSeries(key);
    if (!info) return CandleSeries.empty(tf);
    const from = range.from ?? -Number.MAX_SAFE_INTEGER;
    const to = range.to ?? Number.MAX_SAFE_INTEGER;
    const rows = this.db
      .prepare(
        `SELECT rows, data FROM candle_chunks WHERE series_id = ? AND last_time >= ? AND first_time < ?
         ORDER BY chunk_start`,
      )
      .raw(true)
      .all(info.id, from, to) as [number, Buffer][];
    const total = rows.reduce((s, r) => s + r[0], 0);
    const cols = Array.from({ length: 6 }, () => new Float64Array(total));
    let at = 0;
    for (const [, data] of rows) at += decodeChunkInto(data, cols, at);
    return CandleSeries.fromColumns(tf, cols).range(from, to);
  }

  upsertFunding(key: SeriesKey, events: readonly FundingEvent[], meta: SeriesMeta = {}): UpsertCounts {
    requireKind(key, 'funding');
    return this.transaction(() => {
      const info = this.ensureSeries(key, meta);
      const read = this.db.prepare(
        'SELECT rate, mark_price AS markPrice, interval_hours AS intervalHours FROM funding WHERE series_id = ? AND time = ?',
      );
      const write = this.db.prepare(
        `INSERT INTO funding (series_id, time, rate, mark_price, interval_hours) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (series_id, time) DO UPDATE SET rate = excluded.rate,
           mark_price = coalesce(excluded.mark_price, funding.mark_price),
           interval_hours = coalesce(excluded.interval_hours, funding.interval_hours)`,
      );
      const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
      for (const e of events) {
        const old = read.get(info.id, e.time) as
          { rate: number; markPrice: number | null; intervalHours: number | null } | undefined;
        if (!old) counts.inserted++;
        else if (
          old.rate === e.rate &&
          (e.markPrice === undefined || old.markPrice === e.markPrice) &&
          (e.intervalHours === undefined || old.intervalHours === e.intervalHours)
        ) {
          counts.unchanged++;
          continue;
        } else counts.updated++;
        write.run(info.id, e.time, e.rate, e.markPrice ?? null, e.intervalHours ?? null);
      }
      return counts;
    });
  }

  loadFundingEvents(key: SeriesKey, range: TimeRange = {}): FundingEvent[] {
    requireKind(key, 'funding');
    const info = this.findSeries(key);
    if (!info) return [];
    const rows = this.db
      .prepare(
        `SELECT time, rate, mark_price AS markPrice, interval_hours AS intervalHours FROM funding
         WHERE series_id = ? AND time >= ? AND time < ? ORDER BY time`,
      )
      .all(info.id, range.from ?? -Number.MAX_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER) as {
      time: number;
      rate: number;
      markPrice: number | null;
      intervalHours: number | null;
    }[];
    return rows.map((r) => ({
      time: r.time as EpochMs,
      rate: r.rate,
      markPrice: r.markPrice ?? undefined,
      intervalHours: r.intervalHours ?? undefined,
    }));
  }

  loadFunding(key: SeriesKey, range: TimeRange = {}): FundingSeries {
    return new FundingSeries(this.loadFundingEvents(key, range));
  }

  upsertOpenInterest(
    key: SeriesKey,
    points: readonly OpenInterestPoint[],
    meta: SeriesMeta = {},
  ): UpsertCounts {
    requireKind(key, 'oi');
    return this.transaction(() => {
      const info = this.ensureSeries(key, meta);
      const read = this.db.prepare(
        'SELECT amount, value FROM open_interest WHERE series_id = ? AND time = ?',
      );
      const write = this.db.prepare(
        `INSERT INTO open_interest (series_id, time, amount, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (series_id, time) DO UPDATE SET amount = excluded.amount, value = excluded.value`,
      );
      const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
      for (const p of points) {
        const old = read.get(info.id, p.time) as { amount: number; value: number | null } | undefined;
        if (!old) counts.inserted++;
        else if (old.amount === p.amount && old.value === (p.value ?? null)) {
          counts.unchanged++;
          continue;
        } else counts.updated++;
        write.run(info.id, p.time, p.amount, p.value ?? null);
      }
      return counts;
    });
  }

  loadOpenInterest(key: SeriesKey, range: TimeRange = {}): OpenInterestPoint[] {
    requireKind(key, 'oi');
    const info = this.findSeries(key);
    if (!info) return [];
    const rows = this.db
      .prepare(
        'SELECT time, amount, value FROM open_interest WHERE series_id = ? AND time >= ? AND time < ? ORDER BY time',
      )
      .all(info.id, range.from ?? -Number.MAX_SAFE_INTEGER, range.to ?? Number.MAX_SAFE_INTEGER) as {
      time: number;
      amount: number;
      value: number | null;
    }[];
    return rows.map((r) => ({ time: r.time as EpochMs, amount: r.amount, value: r.value ?? undefined }));
  }

  /** Row count and first/last time of a series (candles: open times). */
  span(key: SeriesKey): SeriesSpan {
    const info = this.findSeries(key);
    if (!info) return { rows: 0, first: null, last: null };
    const sql =
      key.kind === 'candles' || key.kind === 'mark'
        ? 'SELECT sum(rows) AS rows, min(first_time) AS first, max(last_time) AS last FROM candle_chunks WHERE series_id = ?'
        : `SELECT count(*) AS rows, min(time) AS first, max(time) AS last FROM ${key.kind === 'funding' ? 'funding' : 'open_interest'} WHERE series_id = ?`;
    const r = this.db.prepare(sql).get(info.id) as {
      rows: number | null;
      first: number | null;
      last: number | null;
    };
    return { rows: r.rows ?? 0, first: r.first as EpochMs | null, last: r.last as EpochMs | null };
  }

  recordImport(entry: {
    origin: string;
    seriesId: number | null;
    counts: UpsertCounts;
    warnings: number;
    report?: unknown;
  }): void {
    this.db
      .prepare(
        'INSERT INTO import_runs (at, origin, series_id, rows_inserted, rows_updated, warnings, report) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        Date.now(),
        entry.origin,
        entry.seriesId,
        entry.counts.inserted,
        entry.counts.updated,
        entry.warnings,
        entry.report === undefined ? null : JSON.stringify(entry.report),
      );
  }
}

function toInfo(r: SeriesRow): SeriesInfo {
  return {
    id: r.id,
    exchange: r.exchange,
    symbol: r.symbol,
    kind: r.kind,
    timeframe: parseStoredTimeframe(r.timeframe),
    synthetic: r.synthetic === 1,
    source: r.source,
  };
}

function requireTimeframe(key: SeriesKey): Timeframe {
  if (key.kind !== 'candles' && key.kind !== 'mark') {
    throw new InputError(`${seriesLabel(key)} does not hold candles`);
  }
  if (!key.timeframe) throw new InputError(`${seriesLabel(key)} needs a timeframe`);
  return key.timeframe;
}

function requireKind(key: SeriesKey, kind: SeriesKey['kind']): void {
  if (key.kind !== kind) throw new InputError(`${seriesLabel(key)} is not a ${kind} series`);
}
