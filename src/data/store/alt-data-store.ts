import type Database from 'better-sqlite3';
import { type EpochMs, InputError } from '../../core/index.js';
import type { TimeRange, UpsertCounts } from './market-store.js';

/**
 * One alternative datum (Numerai, on-chain, sentiment, calendar) as stored: point in time. `eventTime`
 * is what it describes (a round's resolution, an hour of transfers); `availableAt` is the moment the
 * bot could first have known it. Readers for trading use `availableAt` only.
 */
export interface AltDatum {
  readonly source: string;
  readonly key: string;
  readonly eventTime: EpochMs;
  readonly availableAt: EpochMs;
  readonly value?: number | undefined;
  /** Any JSON-serialisable detail (stored as JSON text). */
  readonly payload?: unknown;
  readonly synthetic?: boolean;
}

export interface AltDataSpan {
  readonly source: string;
  readonly key: string;
  readonly rows: number;
  readonly firstEvent: EpochMs;
  readonly lastEvent: EpochMs;
  readonly lastAvailable: EpochMs;
  readonly synthetic: boolean;
}

interface AltRow {
  source: string;
  key: string;
  event_time: number;
  available_at: number;
  value: number | null;
  payload: string | null;
  synthetic: number;
}

/**
 * The `alt_data` table of the store: idempotent upserts keyed by (source, key, eventTime), reads in
 * `availableAt` order. A revised datum (same key and event time, new value) replaces the old one, so a
 * feed re-reading its last window picks up corrections; the new `availableAt` records when.
 */
export class AltDataStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  upsert(rows: readonly AltDatum[]): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    const find = this.#db.prepare<[string, string, number], AltRow>(
      'SELECT * FROM alt_data WHERE source = ? AND key = ? AND event_time = ?',
    );
    const write = this.#db.prepare(
      `INSERT INTO alt_data (source, key, event_time, available_at, value, payload, synthetic)
       VALUES (@source, @key, @event_time, @available_at, @value, @payload, @synthetic)
       ON CONFLICT (source, key, event_time) DO UPDATE SET
         available_at = excluded.available_at, value = excluded.value, payload = excluded.payload`,
    );
    this.#db.transaction(() => {
      rows.forEach((r, i) => {
        const row = toRow(r, i);
        const old = find.get(row.source, row.key, row.event_time);
        if (old && old.synthetic !== row.synthetic) {
          throw new InputError(
            `alt data ${row.source}/${row.key} at ${new Date(row.event_time).toISOString()} is stored as ` +
              `${old.synthetic ? 'synthetic' : 'real'}; refusing to overwrite it with ${row.synthetic ? 'synthetic' : 'real'} data`,
          );
        }
        if (old && old.value === row.value && old.payload === row.payload) {
          counts.unchanged++;
          return;
        }
        write.run(row);
        if (old) counts.updated++;
        else counts.inserted++;
      });
    })();
    return counts;
  }

  /** Data of a source (optionally one key) whose `availableAt` lies in the range, oldest first. */
  load(source: string, range: TimeRange = {}, key?: string): AltDatum[] {
    const rows = this.#db
      .prepare<[string, string | null, string | null, number, number], AltRow>(
        `SELECT * FROM alt_data WHERE source = ? AND (? IS NULL OR key = ?)
         AND available_at >= ? AND available_at < ? ORDER BY available_at, key, event_time`,
      )
      .all(source, key ?? null, key ?? null, range.from ?? -8.64e15, range.to ?? 8.64e15);
    return rows.map(fromRow);
  }

  /** The latest event time stored for a source and key (where an incremental fetch resumes). */
  lastEventTime(source: string, key: string): EpochMs | undefined {
    const row = this.#db
      .prepare<[string, string], { t: number | null }>(
        'SELECT MAX(event_time) AS t FROM alt_data WHERE source = ? AND key = ?',
      )
      .get(source, key);
    return row?.t == null ? undefined : (row.t as EpochMs);
  }

  /** One line per stored (source, key): counts and spans, for `nmrbot data status`. */
  spans(): AltDataSpan[] {
    return this.#db
      .prepare<
        [],
        {
          source: string;
          key: string;
          rows: number;
          first: number;
          last: number;
          avail: number;
          synthetic: number;
        }
      >(
        `SELECT source, key, COUNT(*) AS rows, MIN(event_time) AS first, MAX(event_time) AS last,
         MAX(available_at) AS avail, MAX(synthetic) AS synthetic FROM alt_data GROUP BY source, key ORDER BY source, key`,
      )
      .all()
      .map((r) => ({
        source: r.source,
        key: r.key,
        rows: r.rows,
        firstEvent: r.first as EpochMs,
        lastEvent: r.last as EpochMs,
        lastAvailable: r.avail as EpochMs,
        synthetic: r.synthetic === 1,
      }));
  }
}

function toRow(d: AltDatum, index: number): AltRow {
  const where = `alt data row ${index} (${String(d.source)}/${String(d.key)})`;
  if (typeof d.source !== 'string' || d.source === '')
    throw new InputError(`${where}: source must be a non-empty string`);
  if (typeof d.key !== 'string' || d.key === '')
    throw new InputError(`${where}: key must be a non-empty string`);
  for (const f of ['eventTime', 'availableAt'] as const) {
    if (!Number.isInteger(d[f]))
      throw new InputError(`${where}: ${f} must be epoch milliseconds, got ${d[f]}`);
  }
  if (d.value !== undefined && !Number.isFinite(d.value)) {
    throw new InputError(`${where}: value must be a finite number, got ${d.value}`);
  }
  return {
    source: d.source,
    key: d.key,
    event_time: d.eventTime,
    available_at: d.availableAt,
    value: d.value ?? null,
    payload: d.payload === undefined ? null : JSON.stringify(d.payload),
    synthetic: d.synthetic === true ? 1 : 0,
  };
}

function fromRow(r: AltRow): AltDatum {
  return {
    source: r.source,
    key: r.key,
    eventTime: r.event_time as EpochMs,
    availableAt: r.available_at as EpochMs,
    value: r.value ?? undefined,
    payload: r.payload === null ? undefined : (JSON.parse(r.payload) as unknown),
    synthetic: r.synthetic === 1,
  };
}
