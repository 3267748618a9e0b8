/** A series of points ready to draw. */
export interface XYSeries {
  readonly x: number[];
  readonly y: number[];
}

/**
 * At most two points per bucket of equal x width: the lowest and the highest y of the bucket, in
 * the order they occur. A line through them keeps every spike and trough visible at chart width
 * while a million samples become at most `2 * buckets` points. NaN samples are skipped; series no
 * longer than `2 * buckets` come back unchanged (minus NaNs). `x` must be non-decreasing.
 */
export function minMaxDownsample(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): XYSeries {
  const n = Math.min(x.length, y.length);
  const out: XYSeries = { x: [], y: [] };
  if (n === 0) return out;
  if (n <= 2 * buckets) {
    for (let i = 0; i < n; i++) push(out, x[i] as number, y[i] as number);
    return out;
  }
  const x0 = x[0] as number;
  const span = (x[n - 1] as number) - x0;
  const width = span > 0 ? span / buckets : 1;
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  const emit = () => {
    if (lo < 0) return;
    const [a, b] = lo <= hi ? [lo, hi] : [hi, lo];
    push(out, x[a] as number, y[a] as number);
    if (b !== a) push(out, x[b] as number, y[b] as number);
  };
  for (let i = 0; i < n; i++) {
    const yi = y[i] as number;
    if (Number.isNaN(yi)) continue;
    const k = Math.min(buckets - 1, Math.floor(((x[i] as number) - x0) / width));
    if (k !== bucket) {
      emit();
      bucket = k;
      lo = i;
      hi = i;
    } else if (yi < (y[lo] as number)) lo = i;
    else if (yi > (y[hi] as number)) hi = i;
  }
  emit();
  return out;
}

function push(s: XYSeries, x: number, y: number): void {
  if (Number.isNaN(y) || Number.isNaN(x)) return;
  s.x.push(x);
  s.y.push(y);
}
