import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MarketStore } from '../data/index.js';

/** Test helper: named SQLite stores in one temporary folder, closed and removed by `cleanup()`. */
export class TempStores {
  readonly dir: string;
  readonly #open: MarketStore[] = [];

  constructor(prefix: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `nmrbot-${prefix}-`));
  }

  open(name: string): MarketStore {
    const store = MarketStore.open(path.join(this.dir, `${name}.db`));
    this.#open.push(store);
    return store;
  }

  cleanup(): void {
    for (const s of this.#open.splice(0)) s.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
