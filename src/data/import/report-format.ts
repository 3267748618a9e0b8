import type { FileReport, ImportIssue, ImportReport } from './import.types.js';

/** Issues of each severity listed per file before "… and N more". */
export const LISTED_ISSUES = 20;

/** The human summary of an import: a block per file, then one closing line. */
export function formatImportReport(report: ImportReport): string {
  const blocks = report.files.map(formatFile);
  const t = report.totals;
  const closing = report.ok
    ? `imported ${t.files} file${t.files === 1 ? '' : 's'}: ${t.inserted} rows inserted, ${t.updated} updated, ` +
      `${t.unchanged} unchanged; ${t.warnings} warning${t.warnings === 1 ? '' : 's'}` +
      (t.skipped > 0 ? `; ${t.skipped} bad rows dropped (--skip-bad-rows)` : '')
    : `import failed: ${t.errors} error${t.errors === 1 ? '' : 's'} in ` +
      `${report.files.filter((f) => !f.ok).length} of ${t.files} file${t.files === 1 ? '' : 's'}; nothing was written`;
  return `${[...blocks, closing].join('\n\n')}\n`;
}

function formatFile(f: FileReport): string {
  const lines = [`${f.file}  [${f.ok ? 'ok' : 'FAILED'}]`];
  const row = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(9)} ${value}`);
  };
  if (f.format) row('format', `${f.format} (${f.columns ?? ''})`);
  if (f.seriesLabel) row('series', f.seriesLabel);
  if (f.format) {
    const r = f.rows;
    row(
      'rows',
      `${r.read} read: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged, ` +
        `${r.duplicates} duplicates, ${r.skipped} skipped`,
    );
    row('span', f.first && f.last ? `${f.first} .. ${f.last}` : 'empty');
    row('gaps', f.gaps.count === 0 ? '0' : `${f.gaps.count} (${f.gaps.missing} missing)`);
  }
  for (const s of f.fundingSegments ?? []) {
    row(
      'interval',
      `${s.intervalHours}h ${s.from.slice(0, 10)}..${s.to.slice(0, 10)} (${s.events} settlements)`,
    );
  }
  if (f.skippedLines.length > 0) {
    const n = f.skippedLines.length;
    row('dropped', `${n} (line${n > 1 ? 's' : ''} ${compactLines(f.skippedLines)})`);
    listIssues(
      lines,
      null,
      n,
      f.issues.filter((i) => i.severity === 'dropped'),
    );
  }
  listIssues(
    lines,
    'errors',
    f.errors,
    f.issues.filter((i) => i.severity === 'error'),
  );
  listIssues(
    lines,
    'warnings',
    f.warnings,
    f.issues.filter((i) => i.severity === 'warning'),
  );
  return lines.join('\n');
}

/** Lists the first issues under a `label  total` row (no row when `label` is null). */
function listIssues(
  lines: string[],
  label: string | null,
  total: number,
  kept: readonly ImportIssue[],
): void {
  if (label !== null) lines.push(`  ${label.padEnd(9)} ${total}`);
  for (const issue of kept.slice(0, LISTED_ISSUES)) lines.push(`    ${issue.message}`);
  if (total > LISTED_ISSUES) lines.push(`    … and ${total - LISTED_ISSUES} more`);
}

/** `5, 9-12, 40` for lines 5, 9, 10, 11, 12, 40. */
export function compactLines(lines: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < lines.length) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === (lines[j] as number) + 1) j++;
    parts.push(j > i ? `${lines[i]}-${lines[j]}` : String(lines[i]));
    i = j + 1;
  }
  return parts.join(', ');
}
