import { isoTime } from '../../core/index.js';
import type { Interval, ResearchReport } from './research.types.js';

const num = (v: number | null, digits = 3): string => (v === null ? '-' : v.toFixed(digits));
const pct = (v: number | null, digits = 2): string => (v === null ? '-' : `${(v * 100).toFixed(digits)}%`);
const ci = (c: Interval, f: (v: number | null) => string): string =>
  c.low === null || c.high === null ? '-' : `[${f(c.low)}, ${f(c.high)}]`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `real 0, premium-estimate 0, constant 1095`. */
export function sources(r: ResearchReport): string {
  return Object.entries(r.fundingSources)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** The report as terminal tables: IC and hit rate per signal and horizon, then the claims. */
export function formatResearch(r: ResearchReport): string {
  const out = [
    r.title,
    `${r.bars} bars (${isoTime(r.firstBarClose)} .. ${isoTime(r.lastBarClose)}), ${r.settlements} funding settlements (${sources(r)}), ${r.networkData} network_health data`,
    '',
    'Signal study (Spearman IC and hit rate vs the forward return, one sample every horizon, 95% CIs)',
    table(
      ['signal', 'horizon', 'n', 'IC', 'IC 95% CI', 'hits n', 'hit rate', 'hit 95% CI'],
      r.signals.flatMap((s) =>
        s.horizons.map((h) => [
          s.signal,
          `${h.horizonHours}h`,
          String(h.n),
          num(h.ic),
          ci(h.icCi, (v) => num(v)),
          String(h.hitN),
          pct(h.hitRate, 1),
          ci(h.hitCi, (v) => pct(v, 1)),
        ]),
      ),
    ),
    '',
    'Claim: extreme funding predicts reversion (mean forward return after extreme settlements minus after the rest)',
    table(
      [
        'rate8h',
        'horizon',
        'n extreme',
        'n rest',
        'mean extreme',
        'mean rest',
        'difference',
        '95% CI (bootstrap)',
        'status',
      ],
      r.fundingClaims.map((c) => [
        `${c.side === 'above' ? '>' : '<'} ${c.side === 'above' ? '+' : '-'}${pct(c.threshold, 2)}`,
        `${c.horizonHours}h`,
        String(c.nExtreme),
        String(c.nRest),
        pct(c.meanExtreme, 3),
        pct(c.meanRest, 3),
        pct(c.difference, 3),
        ci(c.differenceCi, (v) => pct(v, 3)),
        c.status,
      ]),
    ),
    '',
    'Claim: network health leads funding (Spearman of network_health at t vs funding rate8h at t + lag)',
    table(
      ['lag', 'n', 'rho', '95% CI', 'status'],
      r.networkLeads.map((l) => [
        `${l.lagHours}h`,
        String(l.n),
        num(l.rho),
        ci(l.ci, (v) => num(v)),
        l.status,
      ]),
    ),
    '',
    'Results are reported, not judged: CIs assume independent samples.',
  ];
  return out.join('\n');
}
