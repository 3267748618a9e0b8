import type { SeriesStatus } from './series-status.js';

/** Gaps listed per series under the table. */
const LISTED = 5;

function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '-';
}

function fundingCell(s: SeriesStatus): string {
  if (s.fundingIntervals) {
    return s.fundingIntervals
      .map((f) => `${f.intervalHours}h ${f.from.slice(0, 10)}..${f.to.slice(0, 10)}`)
      .join(', ');
  }
  if (s.fundingCoverage !== undefined) return `coverage ${(s.fundingCoverage * 100).toFixed(1)}%`;
  return '-';
}

/** The human table of `nmrbot data status`, then the first gaps of each series that has any. */
export function formatStatusTable(statuses: readonly SeriesStatus[]): string {
  const header = [
    'exchange',
    'symbol',
    'kind',
    'tf',
    'data',
    'rows',
    'first (UTC)',
    'last (UTC)',
    'gaps',
    'funding',
    'source',
  ];
  const rows = statuses.map((s) => [
    s.exchange,
    s.symbol,
    s.kind,
    s.timeframe ?? '-',
    s.synthetic ? 'SYNTHETIC' : 'real',
    String(s.rows),
    shortTime(s.first),
    shortTime(s.last),
    s.gaps.count === 0 ? '0' : `${s.gaps.count} (${s.gaps.missing} missing)`,
    fundingCell(s),
    s.source ?? '-',
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, k) => c.padEnd(widths[k] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const s of statuses) {
    if (s.gaps.count === 0) continue;
    out.push(
      '',
      `${s.exchange} ${s.symbol} ${s.kind}${s.timeframe ? ` ${s.timeframe}` : ''}: ${s.gaps.count} gaps`,
    );
    for (const g of s.gaps.list.slice(0, LISTED)) out.push(`  ${g.from} .. ${g.to}  (${g.missing} missing)`);
    if (s.gaps.count > LISTED) out.push(`  … and ${s.gaps.count - LISTED} more`);
  }
  return `${out.join('\n')}\n`;
}
