/** Value slots per row: OHLCV for bars, rate/mark/interval for funding, amount/value for OI. */
export const VALUE_SLOTS = 5;

/**
 * Growable columns of parsed rows before validation: a time, five values and the source line of each
 * row. Numbers go straight into typed arrays; no object is allocated per row.
 */
export class RowBuffer {
  length = 0;
  time: Float64Array;
  line: Int32Array;
  values: Float64Array[];

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.time = new Float64Array(n);
    this.line = new Int32Array(n);
    this.values = Array.from({ length: VALUE_SLOTS }, () => new Float64Array(n));
  }

  /** Appends a row; `v` is read in slot order (a scratch array the caller reuses). */
  push(line: number, time: number, v: Float64Array): void {
    if (this.length === this.time.length) this.#grow();
    const n = this.length++;
    this.time[n] = time;
    this.line[n] = line;
    const [a, b, c, d, e] = this.values as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    a[n] = v[0] as number;
    b[n] = v[1] as number;
    c[n] = v[2] as number;
    d[n] = v[3] as number;
    e[n] = v[4] as number;
  }

  /** Copies row `from` over row `to` (to <= from): compacts kept rows in place. */
  move(from: number, to: number): void {
    if (from === to) return;
    this.time[to] = this.time[from] as number;
    this.line[to] = this.line[from] as number;
    for (let k = 0; k < VALUE_SLOTS; k++) {
      const col = this.values[k] as Float64Array;
      col[to] = col[from] as number;
    }
  }

  value(slot: number, i: number): number {
    return (this.values[slot] as Float64Array)[i] as number;
  }

  /**
   * The most common positive spacing between consecutive times among the first `sample` rows (ties go
   * to the shorter), and the share of spacings equal to it.
   */
  commonSpacing(sample = 10_000): { spacing: number; share: number } | undefined {
    const counts = new Map<number, number>();
    const n = Math.min(this.length, sample + 1);
    for (let i = 1; i < n; i++) {
      const d = (this.time[i] as number) - (this.time[i - 1] as number);
      if (d > 0) counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    let best: number | undefined;
    let bestCount = 0;
    let total = 0;
    for (const [d, c] of counts) {
      total += c;
      if (c > bestCount || (c === bestCount && best !== undefined && d < best)) {
        best = d;
        bestCount = c;
      }
    }
    return best === undefined ? undefined : { spacing: best, share: bestCount / total };
  }

  #grow(): void {
    const n = this.time.length * 2;
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.time = grow(this.time, (k) => new Float64Array(k));
    this.line = grow(this.line, (k) => new Int32Array(k));
    this.values = this.values.map((a) => grow(a, (k) => new Float64Array(k)));
  }
}
