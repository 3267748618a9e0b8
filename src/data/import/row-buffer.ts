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
  #v0: Float64Array;
  #v1: Float64Array;
  #v2: Float64Array;
  #v3: Float64Array;
  #v4: Float64Array;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.time = new Float64Array(n);
    this.line = new Int32Array(n);
    this.#v0 = new Float64Array(n);
    this.#v1 = new Float64Array(n);
    this.#v2 = new Float64Array(n);
    this.#v3 = new Float64Array(n);
    this.#v4 = new Float64Array(n);
  }

  /** The value columns in slot order (views of the current buffers). */
  get values(): [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array] {
    return [this.#v0, this.#v1, this.#v2, this.#v3, this.#v4];
  }

  /** Appends a row; `v` is read in slot order (a scratch array the caller reuses). */
  push(line: number, time: number, v: Float64Array): void {
    if (this.length === this.time.length) this.#grow();
    const n = this.length++;
    this.time[n] = time;
    this.line[n] = line;
    this.#v0[n] = v[0] as number;
    this.#v1[n] = v[1] as number;
    this.#v2[n] = v[2] as number;
    this.#v3[n] = v[3] as number;
    this.#v4[n] = v[4] as number;
  }

  /** Copies row `from` over row `to` (to <= from): compacts kept rows in place. */
  move(from: number, to: number): void {
    if (from === to) return;
    this.time[to] = this.time[from] as number;
    this.line[to] = this.line[from] as number;
    this.#v0[to] = this.#v0[from] as number;
    this.#v1[to] = this.#v1[from] as number;
    this.#v2[to] = this.#v2[from] as number;
    this.#v3[to] = this.#v3[from] as number;
    this.#v4[to] = this.#v4[from] as number;
  }

  value(slot: number, i: number): number {
    const col =
      slot === 0
        ? this.#v0
        : slot === 1
          ? this.#v1
          : slot === 2
            ? this.#v2
            : slot === 3
              ? this.#v3
              : this.#v4;
    return col[i] as number;
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
    const bigger = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    const f64 = (n: number): Float64Array => new Float64Array(n);
    this.time = bigger(this.time, f64);
    this.line = bigger(this.line, (n) => new Int32Array(n));
    this.#v0 = bigger(this.#v0, f64);
    this.#v1 = bigger(this.#v1, f64);
    this.#v2 = bigger(this.#v2, f64);
    this.#v3 = bigger(this.#v3, f64);
    this.#v4 = bigger(this.#v4, f64);
  }
}
