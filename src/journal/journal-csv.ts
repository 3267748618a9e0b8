/** A table of text cells: a header row and data rows, as `nmrbot journal` prints and exports them. */
export interface CellTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** One CSV field per RFC 4180: quoted (quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as RFC 4180 CSV: a header line, CRLF after every record. */
export function toCsv(table: CellTable): string {
  return [table.header, ...table.rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/**
 * The table as aligned plain text for a terminal (two spaces between columns, no trailing blanks;
 * line breaks inside a cell shown as spaces).
 */
export function toText(table: CellTable): string {
  const all = [table.header, ...table.rows].map((r) => r.map((cell) => cell.replace(/\r?\n|\r/g, ' ')));
  const widths = table.header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
