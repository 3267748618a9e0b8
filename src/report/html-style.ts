/** The report's inline stylesheet: system fonts only, nothing fetched. */
export const HTML_STYLE = `
:root{color-scheme:light;--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--win:#f0fdf4;--loss:#fef2f2}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--fg);
margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:22px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:15px;margin:8px 0}
.synthetic{background:#fef3c7;border:1px solid #f59e0b;padding:8px 12px;border-radius:4px;margin:8px 0}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
td.n,th.n{text-align:right}
table.summary th{font-weight:500;color:var(--muted)}
.pair{display:flex;gap:32px;flex-wrap:wrap}
.scroll{overflow-x:auto}
table.trades{font-size:12px}
tr.win td{background:var(--win)}tr.loss td{background:var(--loss)}
.muted{color:var(--muted)}
svg.chart{display:block;width:100%;height:auto;margin:8px 0 18px}
svg .pa{fill:#fff;stroke:#d1d5db}
svg .gl{stroke:#eef0f3}
svg text{font:11px system-ui,sans-serif;fill:#374151}
svg .yl{text-anchor:end}
svg .ct{font-size:13px;font-weight:600}
svg .empty{text-anchor:middle;fill:var(--muted)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
`;
