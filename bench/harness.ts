/** A benchmark measures one figure and compares it with its target. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The figure the issue asks for; ratio = value / target (>= 1 meets it for throughput). */
  readonly target: number;
  /** For costs such as memory: the figure meets the target when it is at or below it. */
  readonly lowerIsBetter?: boolean;
  readonly note?: string;
}

export interface Bench {
  readonly name: string;
  run(): Promise<BenchResult[]> | BenchResult[];
}

/** Runs `fn` `repeats` times and returns the best wall time in seconds (least disturbed by noise). */
export async function bestOf(repeats: number, fn: () => Promise<void> | void): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

export function formatResults(results: readonly BenchResult[]): string {
  const rows = results.map((r) => {
    const ratio = r.lowerIsBetter ? r.target / r.value : r.value / r.target;
    return [
      r.name,
      `${Math.round(r.value).toLocaleString('en-US')} ${r.unit}`,
      `${r.target.toLocaleString('en-US')} ${r.unit}`,
      `${ratio.toFixed(2)}x${r.lowerIsBetter ? ' (target/measured)' : ''}`,
      ratio >= 1 ? 'ok' : 'BELOW TARGET',
      r.note ?? '',
    ];
  });
  const header = ['benchmark', 'measured', 'target', 'ratio', 'verdict', 'note'];
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, k) => c.padEnd(widths[k] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
