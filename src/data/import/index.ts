export {
  IMPORT_FORMATS,
  type ImportFormat,
  TIME_UNITS,
  type TimeUnit,
  type ImportOptions,
  ISSUE_CODES,
  type IssueCode,
  type IssueSeverity,
  type ImportIssue,
  type GapTotals,
  type ParsedData,
  type ParsedFile,
  type RowCounts,
  type FileReport,
  type ImportReport,
} from './import.types.js';
export { importFiles } from './import-files.js';
export { parseMarketFile, parseCandleFile, readMarketFile, type ParsedCandles } from './parse-file.js';
export { formatImportReport, compactLines } from './report-format.js';
export { toUnifiedSymbol, normalizeExchangeId, exchangeFromPath, type MarketType } from './symbols.js';
export { hintsFromFileName, type NameHints } from './file-name.js';
export { parseTzOffset, TimeReader } from './time-parse.js';
export { parseDecimal, parseDecimalText } from './number-parse.js';
