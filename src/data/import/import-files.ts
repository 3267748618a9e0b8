import path from 'node:path';
import { InputError, NmrbotError, isoTime } from '../../core/index.js';
import type { MarketStore, UpsertCounts } from '../store/index.js';
import { seriesLabel } from '../store/index.js';
import type {
  FileReport,
  ImportIssue,
  ImportOptions,
  ImportReport,
  ParsedFile,
  RowCounts,
} from './import.types.js';
import { readMarketFile } from './parse-file.js';
import { writeBars } from './write-bars.js';

/** Issues kept in an `import_runs` record (the counts there are exact). */
const RECORDED_ISSUES = 200;

interface Pending {
  report: FileReport;
  parsed?: ParsedFile;
}

/**
 * Imports market-data files into the store, all or nothing. Every file is read and validated first;
 * if any has an error (or cannot be read) nothing is written and the report says why, file by file
 * and line by line. Otherwise all files are written in one transaction, each recorded in
 * `import_runs`. Re-importing a file changes nothing (its rows count as unchanged).
 */
export function importFiles(
  store: MarketStore,
  files: readonly string[],
  options: ImportOptions = {},
): ImportReport {
  const pending = files.map((file) => readAndParse(file, options));
  if (pending.some((p) => !p.report.ok)) return finish(pending, false);
  let current: Pending | undefined;
  try {
    store.transaction(() => {
      for (const p of pending) {
        current = p;
        const parsed = p.parsed as ParsedFile;
        const counts = write(store, parsed);
        p.report = { ...p.report, rows: { ...p.report.rows, ...counts } };
        store.recordImport({
          origin: path.resolve(parsed.file),
          seriesId: store.findSeries(parsed.key)?.id ?? null,
          counts,
          warnings: parsed.warnings,
          report: { ...p.report, issues: p.report.issues.slice(0, RECORDED_ISSUES) },
        });
      }
    });
  } catch (err) {
    if (!(err instanceof NmrbotError) || !current) throw err;
    for (const p of pending)
      p.report = { ...p.report, rows: { ...p.report.rows, inserted: 0, updated: 0, unchanged: 0 } };
    current.report = failed(current.report, 'STORE_REFUSED', `${current.report.file}: ${err.message}`);
    return finish(pending, false);
  }
  return finish(pending, true);
}

function readAndParse(file: string, options: ImportOptions): Pending {
  const empty = emptyReport(file);
  if (/\.(feather|parquet|arrow|ipc)$/i.test(file)) {
    return {
      report: failed(
        empty,
        'FILE_UNUSABLE',
        `${file}: Arrow/Parquet binary files are not imported; use a CSV or JSON export (freqtrade: convert-data --format-to json)`,
      ),
    };
  }
  try {
    const parsed = readMarketFile(file, options);
    return { report: reportOf(parsed), parsed };
  } catch (err) {
    if (err instanceof InputError) return { report: failed(empty, 'FILE_UNUSABLE', err.message) };
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw err;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : (err as Error).message;
    return { report: failed(empty, 'FILE_UNUSABLE', `${file}: cannot read: ${why}`) };
  }
}

function write(store: MarketStore, parsed: ParsedFile): UpsertCounts {
  const meta = { source: `import ${parsed.format}: ${path.basename(parsed.file)}` };
  switch (parsed.data.kind) {
    case 'candles':
    case 'mark':
      return writeBars(store, parsed.key, parsed.data.series, meta);
    case 'funding':
      return store.upsertFunding(parsed.key, parsed.data.events, meta);
    case 'oi':
      return store.upsertOpenInterest(parsed.key, parsed.data.points, meta);
  }
}

function spanOf(parsed: ParsedFile): [number, number] | undefined {
  const d = parsed.data;
  let times: readonly { time: number }[];
  if (d.kind === 'funding') times = d.events;
  else if (d.kind === 'oi') times = d.points;
  else return d.series.length ? [d.series.time(0), d.series.time(d.series.length - 1)] : undefined;
  const first = times[0];
  const last = times[times.length - 1];
  return first && last ? [first.time, last.time] : undefined;
}

function reportOf(parsed: ParsedFile): FileReport {
  const span = spanOf(parsed);
  return {
    file: parsed.file,
    ok: parsed.errors === 0,
    format: parsed.format,
    columns: parsed.columns,
    series: parsed.key,
    seriesLabel: seriesLabel(parsed.key),
    rows: {
      read: parsed.rowsRead,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      duplicates: parsed.duplicates,
      skipped: parsed.skipped.length,
    },
    skippedLines: parsed.skipped,
    first: span ? isoTime(span[0]) : null,
    last: span ? isoTime(span[1]) : null,
    gaps: parsed.gaps,
    ...(parsed.fundingSegments && {
      fundingSegments: parsed.fundingSegments.map((s) => ({
        intervalHours: s.intervalHours,
        from: isoTime(s.from),
        to: isoTime(s.to),
        events: s.events,
      })),
    }),
    errors: parsed.errors,
    warnings: parsed.warnings,
    issues: parsed.issues,
  };
}

function emptyReport(file: string): FileReport {
  return {
    file,
    ok: true,
    format: null,
    columns: null,
    series: null,
    seriesLabel: null,
    rows: { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, skipped: 0 },
    skippedLines: [],
    first: null,
    last: null,
    gaps: { count: 0, missing: 0 },
    errors: 0,
    warnings: 0,
    issues: [],
  };
}

function failed(report: FileReport, code: ImportIssue['code'], message: string): FileReport {
  const issue: ImportIssue = { severity: 'error', code, file: report.file, message };
  return { ...report, ok: false, errors: report.errors + 1, issues: [issue, ...report.issues] };
}

function finish(pending: readonly Pending[], written: boolean): ImportReport {
  const files = pending.map((p) => p.report);
  const sum = (pick: (r: RowCounts) => number): number => files.reduce((s, f) => s + pick(f.rows), 0);
  return {
    ok: written,
    written,
    files,
    totals: {
      files: files.length,
      read: sum((r) => r.read),
      inserted: sum((r) => r.inserted),
      updated: sum((r) => r.updated),
      unchanged: sum((r) => r.unchanged),
      duplicates: sum((r) => r.duplicates),
      skipped: sum((r) => r.skipped),
      errors: files.reduce((s, f) => s + f.errors, 0),
      warnings: files.reduce((s, f) => s + f.warnings, 0),
    },
  };
}
