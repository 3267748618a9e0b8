import { isoTime } from '../../core/index.js';
import type { LookaheadReport } from './lookahead.types.js';

/** The report as a text table, one row per signal, then one line per failure. */
export function formatLookaheadReport(report: LookaheadReport, title: string): string {
  const header = ['signal', 'cuts', 'differences', 'warm-up bars needed', 'declared', 'verdict'];
  const rows = report.signals.map((s) => [
    s.signal,
    String(s.cutsCompared),
    String(s.differences.length),
    String(s.warmUpBarsNeeded),
    String(s.declaredBars),
    s.ok ? 'ok' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const failures = report.signals.flatMap((s) => s.failures);
  return [
    title,
    `  ${report.bars.toLocaleString('en-US')} bars ${isoTime(report.first)} → ${isoTime(report.last)}; ` +
      `${report.cuts.length} cuts; cold starts at ${coldStarts(report)}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    ...failures.map((f) => `FAIL ${f}`),
    report.ok
      ? 'look-ahead check passed: no reading changed when later data was withheld, and every cold start agreed within its declared warm-up'
      : `look-ahead check FAILED for ${report.signals.filter((s) => !s.ok).length} signal(s)`,
  ].join('\n');
}

function coldStarts(report: LookaheadReport): string {
  const starts = [...new Set(report.signals.flatMap((s) => s.warmUps.map((w) => w.start)))];
  return starts.length === 0 ? 'none' : starts.map((t) => isoTime(t)).join(', ');
}
