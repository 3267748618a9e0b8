import type Database from 'better-sqlite3';
import { type Clock, InputError, WallClock } from '../core/index.js';
import { parseRiskState } from './risk-state.js';
import type { RiskStateSnapshot } from './risk.types.js';

/** Where the risk engine's state survives a restart, one snapshot per trading account. */
export interface RiskStateStore {
  /** The saved snapshot, or undefined if the account has none. Throws if the stored one is corrupt. */
  load(account: string): RiskStateSnapshot | undefined;
  save(account: string, state: RiskStateSnapshot): void;
}

/** The `risk_state` table (migration 3) of an nmrbot store. */
export class SqliteRiskStateStore implements RiskStateStore {
  readonly #select: Database.Statement<[string], { state: string }>;
  readonly #upsert: Database.Statement<[string, string, number]>;
  readonly #clock: Clock;

  /** @param db an nmrbot store's database (`MarketStore.open(...).db`): its migrations create the table */
  constructor(db: Database.Database, clock: Clock = new WallClock()) {
    this.#select = db.prepare('SELECT state FROM risk_state WHERE account = ?');
    this.#upsert = db.prepare(
      `INSERT INTO risk_state (account, state, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (account) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
    );
    this.#clock = clock;
  }

  load(account: string): RiskStateSnapshot | undefined {
    const row = this.#select.get(account);
    if (row === undefined) return undefined;
    const where = `stored risk state of account "${account}"`;
    const fix = `fix or delete its row in risk_state (nmrbot does not reset a halt on its own)`;
    let value: unknown;
    try {
      value = JSON.parse(row.state);
    } catch (err) {
      throw new InputError(`${where} is not valid JSON (${(err as Error).message}); ${fix}`);
    }
    try {
      return parseRiskState(value, where);
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`${err.message}; ${fix}`);
      throw err;
    }
  }

  save(account: string, state: RiskStateSnapshot): void {
    const checked = parseRiskState(state, `risk state to save for account "${account}"`);
    this.#upsert.run(account, JSON.stringify(checked), this.#clock.now());
  }
}

/** A store in memory (backtests, tests): snapshots are copied in and out. */
export class MemoryRiskStateStore implements RiskStateStore {
  readonly #rows = new Map<string, string>();

  load(account: string): RiskStateSnapshot | undefined {
    const text = this.#rows.get(account);
    return text === undefined
      ? undefined
      : parseRiskState(JSON.parse(text), `risk state of account "${account}"`);
  }

  save(account: string, state: RiskStateSnapshot): void {
    this.#rows.set(
      account,
      JSON.stringify(parseRiskState(state, `risk state to save for account "${account}"`)),
    );
  }
}
