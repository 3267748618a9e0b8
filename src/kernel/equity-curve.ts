const FIELDS = ['time', 'equity', 'wallet', 'unrealisedPnl', 'marginUsed', 'position', 'price'] as const;
export type EquityField = (typeof FIELDS)[number];

/** Equity sampled at every bar close, in growable columns (cheap at millions of bars). */
export class EquityCurve {
  #n = 0;
  #cols: Record<EquityField, Float64Array>;

  constructor(capacity = 4096) {
    this.#cols = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(capacity)])) as Record<
      EquityField,
      Float64Array
    >;
  }

  get length(): number {
    return this.#n;
  }

  push(
    time: number,
    equity: number,
    wallet: number,
    unrealisedPnl: number,
    marginUsed: number,
    position: number,
    price: number,
  ): void {
    if (this.#n === this.#cols.time.length) this.#grow();
    const i = this.#n++;
    const c = this.#cols;
    c.time[i] = time;
    c.equity[i] = equity;
    c.wallet[i] = wallet;
    c.unrealisedPnl[i] = unrealisedPnl;
    c.marginUsed[i] = marginUsed;
    c.position[i] = position;
    c.price[i] = price;
  }

  column(field: EquityField): Float64Array {
    return this.#cols[field].subarray(0, this.#n);
  }

  #grow(): void {
    for (const f of FIELDS) {
      const bigger = new Float64Array(this.#cols[f].length * 2);
      bigger.set(this.#cols[f]);
      this.#cols[f] = bigger;
    }
  }
}
