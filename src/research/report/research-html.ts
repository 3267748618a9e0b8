import fs from 'node:fs';
import path from 'node:path';
import { escapeHtml, fmtDate } from '../../report/index.js';
import { horizonChart, SIGNAL_COLORS } from './research-chart.js';
import { sources } from './format-research.js';
import type { Interval, ResearchReport } from './research.types.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#111827;
margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 10px}
.synthetic{background:#fef3c7;border:1px solid #f59e0b;padding:8px 12px;border-radius:4px;margin:8px 0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}
th,td{padding:3px 10px;border-bottom:1px solid #e5e7eb;text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}
.muted{color:#6b7280}
svg.chart{display:block;width:100%;height:auto;margin:8px 0 18px}
svg .pa{fill:#fff;stroke:#d1d5db}svg .gl{stroke:#eef0f3}
svg text{font:11px system-ui,sans-serif;fill:#374151}svg .yl{text-anchor:end}
svg .ct{font-size:13px;font-weight:600}
`;

const num = (v: number | null, d = 3) => (v === null ? '-' : v.toFixed(d));
const pct = (v: number | null, d = 2) => (v === null ? '-' : `${(v * 100).toFixed(d)}%`);
const ci = (c: Interval, f: (v: number | null) => string) =>
  c.low === null || c.high === null ? '-' : `[${f(c.low)}, ${f(c.high)}]`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The report as one self-contained HTML page: inline CSS and SVG, nothing fetched. */
export function renderResearchHtml(r: ResearchReport): string {
  const horizons = r.signals[0]?.horizons.map((h) => h.horizonHours) ?? [];
  const lines = (pick: 'ic' | 'hitRate') =>
    r.signals.map((s, k) => ({
      label: s.signal,
      color: SIGNAL_COLORS[k % SIGNAL_COLORS.length] ?? '#111827',
      values: s.horizons.map((h) => h[pick]),
    }));
  const studyRows = r.signals.flatMap((s) =>
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
  );
  const claimRows = r.fundingClaims.map((c) => [
    `rate8h ${c.side === 'above' ? '>' : '<'} ${c.side === 'above' ? '+' : '-'}${pct(c.threshold)}`,
    `${c.horizonHours}h`,
    String(c.nExtreme),
    String(c.nRest),
    pct(c.meanExtreme, 3),
    pct(c.meanRest, 3),
    pct(c.difference, 3),
    ci(c.differenceCi, (v) => pct(v, 3)),
    c.status,
  ]);
  const leadRows = r.networkLeads.map((l) => [
    `${l.lagHours}h`,
    String(l.n),
    num(l.rho),
    ci(l.ci, (v) => num(v)),
    l.status,
  ]);
  const banner = r.synthetic
    ? '<div class="synthetic">SYNTHETIC: some input (bars, funding or feed data) was generated; these numbers say nothing about the real market.</div>'
    : '';
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(r.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(r.title)}</h1>${banner}`,
    `<p class="muted">${r.bars} bars, ${escapeHtml(fmtDate(r.firstBarClose))} .. ${escapeHtml(fmtDate(r.lastBarClose))}; ` +
      `${r.settlements} funding settlements (${escapeHtml(sources(r))}); ${r.networkData} network_health data. ` +
      'Results are reported, not judged; intervals are 95% and assume independent samples.</p>',
    '<h2>Signal study: IC by horizon</h2>',
    horizonChart({
      title: 'Spearman IC vs forward return',
      horizons,
      lines: lines('ic'),
      reference: 0,
      yFormat: (v) => v.toFixed(2),
    }),
    horizonChart({
      title: 'Hit rate (sign agreement)',
      horizons,
      lines: lines('hitRate'),
      reference: 0.5,
      yFormat: (v) => pct(v, 0),
    }),
    table(
      ['signal', 'horizon', 'n', 'IC', 'IC 95% CI (Fisher z)', 'hits n', 'hit rate', 'hit 95% CI (Wilson)'],
      studyRows,
    ),
    '<h2>Playbook claims</h2>',
    '<h3>Extreme funding predicts reversion</h3>',
    table(
      [
        'settlements',
        'horizon',
        'n extreme',
        'n rest',
        'mean extreme',
        'mean rest',
        'difference',
        '95% CI (bootstrap)',
        'status',
      ],
      claimRows,
    ),
    '<h3>Network health leads funding</h3>',
    table(['lag', 'n', 'Spearman rho', '95% CI (Fisher z)', 'status'], leadRows),
    '<footer class="muted">nmrbot research; see docs/research.md for how to read this report.</footer>',
    '</body></html>',
  ].join('\n');
}

/** Writes the page to `file` (creating its folder); returns the path. */
export function writeResearchHtml(r: ResearchReport, file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderResearchHtml(r));
  return file;
}

/** A file-name-safe default name: `[synthetic-]research-<exchange>-<symbol>-<timeframe>-<first>-<last>`. */
export function researchRunName(r: ResearchReport): string {
  const day = (t: number) => fmtDate(t).replaceAll('-', '');
  const name = `${r.synthetic ? 'synthetic-' : ''}research-${r.exchange}-${r.symbol}-${r.timeframe}-${day(r.firstBarClose)}-${day(r.lastBarClose)}`;
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** The report as JSON text (nulls where a statistic has no value). */
export function researchJson(r: ResearchReport): string {
  return `${JSON.stringify({ format: 'nmrbot-research-v1', ...r }, null, 2)}\n`;
}
