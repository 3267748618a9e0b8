import type { ImportIssue, IssueCode, IssueSeverity } from './import.types.js';

/** Issues kept per file; the counts stay exact beyond this. */
export const MAX_KEPT_ISSUES = 1000;

/**
 * Collects the issues of one file. Locations are 1-based lines for text files and 1-based element
 * numbers for JSON arrays. A bad row is an error, or under `--skip-bad-rows` a reported drop: it never
 * disappears silently.
 */
export class IssueLog {
  readonly issues: ImportIssue[] = [];
  readonly skipped: number[] = [];
  errors = 0;
  warnings = 0;

  constructor(
    readonly file: string,
    readonly skipBadRows: boolean,
    readonly unit: 'line' | 'row' = 'line',
  ) {}

  /** `file:12` for lines, `file row 12` for JSON elements, `file` for the whole file. */
  where(at?: number): string {
    if (at === undefined) return this.file;
    return this.unit === 'line' ? `${this.file}:${at}` : `${this.file} row ${at}`;
  }

  error(code: IssueCode, text: string, at?: number): void {
    this.errors++;
    this.#keep('error', code, text, at);
  }

  warn(code: IssueCode, text: string, at?: number): void {
    this.warnings++;
    this.#keep('warning', code, text, at);
  }

  /** A row that cannot be imported as it is. */
  badRow(code: IssueCode, text: string, at: number): void {
    if (!this.skipBadRows) {
      this.error(code, text, at);
      return;
    }
    this.skipped.push(at);
    this.#keep('dropped', code, `${text} (dropped: --skip-bad-rows)`, at);
  }

  #keep(severity: IssueSeverity, code: IssueCode, text: string, at?: number): void {
    if (this.issues.length >= MAX_KEPT_ISSUES) return;
    const loc = this.unit === 'line' ? { line: at } : { row: at };
    this.issues.push({ severity, code, file: this.file, ...loc, message: `${this.where(at)}: ${text}` });
  }
}
