import type Database from 'better-sqlite3';

/** A processed hour's block span and the hash of its last block (the resume point and reorg check). */
export interface HourMark {
  readonly hourStart: number;
  readonly firstBlock: number;
  readonly lastBlock: number;
  readonly lastHash: string;
}

interface MarkRow {
  hour_start: number;
  first_block: number;
  last_block: number;
  last_hash: string;
}

/**
 * The `onchain_hours` table: one row per aggregated hour and token. Its own table (created here, not
 * in the store migrations) because only this feed reads it; the latest row is the feed's cursor.
 */
export class HourLedger {
  readonly #db: Database.Database;
  readonly #token: string;

  constructor(db: Database.Database, token: string) {
    this.#db = db;
    this.#token = token.toLowerCase();
    db.exec(`CREATE TABLE IF NOT EXISTS onchain_hours (
      token TEXT NOT NULL,
      hour_start INTEGER NOT NULL,
      first_block INTEGER NOT NULL,
      last_block INTEGER NOT NULL,
      last_hash TEXT NOT NULL,
      PRIMARY KEY (token, hour_start)
    ) WITHOUT ROWID`);
  }

  latest(): HourMark | undefined {
    return this.before(Number.MAX_SAFE_INTEGER, 1)[0];
  }

  /** Up to `limit` marks of hours starting before `hourStart`, newest first. */
  before(hourStart: number, limit: number): HourMark[] {
    return this.#db
      .prepare<[string, number, number], MarkRow>(
        `SELECT hour_start, first_block, last_block, last_hash FROM onchain_hours
         WHERE token = ? AND hour_start < ? ORDER BY hour_start DESC LIMIT ?`,
      )
      .all(this.#token, hourStart, limit)
      .map((r) => ({
        hourStart: r.hour_start,
        firstBlock: r.first_block,
        lastBlock: r.last_block,
        lastHash: r.last_hash,
      }));
  }

  record(marks: readonly HourMark[]): void {
    const write = this.#db.prepare(
      `INSERT INTO onchain_hours (token, hour_start, first_block, last_block, last_hash)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (token, hour_start) DO UPDATE SET
       first_block = excluded.first_block, last_block = excluded.last_block, last_hash = excluded.last_hash`,
    );
    for (const m of marks) write.run(this.#token, m.hourStart, m.firstBlock, m.lastBlock, m.lastHash);
  }

  /** Forgets the marks of hours starting at or after `hourStart` (a reorg replaced their blocks). */
  forgetFrom(hourStart: number): void {
    this.#db
      .prepare('DELETE FROM onchain_hours WHERE token = ? AND hour_start >= ?')
      .run(this.#token, hourStart);
  }
}
