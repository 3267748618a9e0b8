import { InvariantError } from '../../core/index.js';

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and square). */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    }
    const pivotRow = m[pivot] ?? [];
    const p = pivotRow[col] ?? 0;
    if (Math.abs(p) < 1e-300) throw new InvariantError(`singular system at column ${col}`);
    m[pivot] = m[col] ?? [];
    m[col] = pivotRow;
    for (let r = col + 1; r < n; r++) {
      const row = m[r] ?? [];
      const f = (row[col] ?? 0) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - f * (pivotRow[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] ?? [];
    let s = row[n] ?? 0;
    for (let c = r + 1; c < n; c++) s -= (row[c] ?? 0) * (x[c] ?? 0);
    x[r] = s / (row[r] ?? 1);
  }
  return x;
}
