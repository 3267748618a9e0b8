import { createHash } from 'node:crypto';

/**
 * SHA-256 (hex) of a training matrix and its labels: the shape, then every feature row by row, then
 * every label, each as a little-endian float64, so the hash is the same on every platform.
 */
export function dataHash(rows: readonly (readonly number[])[], labels: readonly number[]): string {
  const cols = rows[0]?.length ?? 0;
  const buffer = Buffer.alloc(8 * (2 + rows.length * cols + labels.length));
  let offset = 0;
  const put = (v: number): void => {
    buffer.writeDoubleLE(v, offset);
    offset += 8;
  };
  put(rows.length);
  put(cols);
  for (const row of rows) for (let j = 0; j < cols; j++) put(row[j] ?? Number.NaN);
  for (const y of labels) put(y);
  return createHash('sha256').update(buffer).digest('hex');
}
