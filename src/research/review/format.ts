import { isoTime } from '../../core/index.js';
import { SIGNAL_FAMILIES, SIGNAL_NAMES } from '../../signals/index.js';
import type { AccuracyStats, PnlGroup, ReviewEvidence, WeightProposal } from './review.types.js';

/** A plain-text table: the first column left-aligned, the rest right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const num = (x: number | null, digits: number): string => (x === null ? '-' : x.toFixed(digits));

function accuracyRow(name: string, s: AccuracyStats): string[] {
  return [name, String(s.n), `${s.hits}/${s.hitN}`, num(s.hitRate, 3), num(s.ic, 3)];
}

function pnlTable(title: string, groups: readonly PnlGroup[]): string {
  const rows = groups.map((g) => [
    g.key,
    String(g.trades),
    String(g.wins),
    g.netPnl.toFixed(2),
    g.meanPnl.toFixed(2),
  ]);
  return `${title}\n${table([title.split(' ').at(-1) ?? '', 'trades', 'wins', 'net USDT', 'mean USDT'], rows)}`;
}

/** The evidence tables of `nmrbot review`. */
export function formatEvidence(e: ReviewEvidence): string {
  const window = e.from === null ? 'whole run' : `${isoTime(e.from)} .. ${isoTime(e.at)}`;
  const head = [
    `Review of run ${e.runId} at ${isoTime(e.at)} (window: ${window}; forward return over ${e.horizonHours} h)`,
    `decisions scored: ${e.samples}; closed trades: ${e.pnl.trades}, net ${e.pnl.netPnl.toFixed(2)} USDT`,
  ];
  const header = ['', 'n', 'hits', 'hit rate', 'IC'];
  const families = table(
    ['family', ...header.slice(1)],
    SIGNAL_FAMILIES.map((f) => accuracyRow(f, e.families[f])),
  );
  const signals = table(
    ['signal', ...header.slice(1)],
    SIGNAL_NAMES.map((s) => accuracyRow(s, e.signals[s])),
  );
  return [
    ...head,
    '',
    'Accuracy by family',
    families,
    '',
    'Accuracy by signal',
    signals,
    '',
    pnlTable('PnL by signal type', e.pnl.bySignalType),
    '',
    pnlTable('PnL by regime', e.pnl.byRegime),
    '',
    pnlTable('PnL by weekday', e.pnl.byWeekday),
    '',
    pnlTable('PnL by hour', e.pnl.byHour),
  ].join('\n');
}

/** The weights table of `nmrbot review`: defaults, current, evidence score, target, proposed. */
export function formatProposal(p: WeightProposal): string {
  const rows = SIGNAL_FAMILIES.map((f) => [
    f,
    p.defaults[f].toFixed(4),
    p.current[f].toFixed(4),
    num(p.score[f], 3),
    p.target[f].toFixed(4),
    p.proposed[f].toFixed(4),
    signed(p.proposed[f] - p.current[f]),
  ]);
  return [
    `Weights (shrinkage λ = ${p.lambda.toFixed(3)})`,
    table(['family', 'default', 'current', 'score', 'target', 'proposed', 'change'], rows),
  ].join('\n');
}

function signed(x: number): string {
  const r = Math.abs(x) < 5e-5 ? 0 : x;
  return `${r > 0 ? '+' : r < 0 ? '-' : ' '}${Math.abs(r).toFixed(4)}`;
}
