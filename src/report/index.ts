export {
  formatSummary,
  summaryRows,
  fundingCoverageText,
  breakdownRows,
  type SummaryRow,
} from './summary.js';
export {
  resultToJson,
  resultSummaryJson,
  jsonNumber,
  canonicalJson,
  RESULT_JSON_FORMAT,
  type JsonValue,
} from './result-json.js';
export { renderHtmlReport, writeHtmlReport, type HtmlReportExtras } from './html-report.js';
export { reportTitle, runName } from './title.js';
export { minMaxDownsample, type XYSeries } from './downsample.js';
export {
  escapeHtml,
  fmtPct,
  fmtUsdt,
  fmtMoney,
  fmtRatio,
  fmtInt,
  fmtPrice,
  fmtQty,
  fmtDays,
  fmtTime,
  fmtDate,
} from './format.js';
