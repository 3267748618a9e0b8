import { type Command, Option } from 'commander';
import { InputError, type Timeframe, isTimeframe, TIMEFRAMES } from '../../core/index.js';
import {
  IMPORT_FORMATS,
  type ImportFormat,
  type ImportOptions,
  SERIES_KINDS,
  type SeriesKind,
  TIME_UNITS,
  type TimeUnit,
  formatImportReport,
  importFiles,
} from '../../data/index.js';
import { withStore } from '../context.js';

interface ImportFlags {
  exchange?: string;
  symbol?: string;
  timeframe?: string;
  kind?: SeriesKind;
  format?: ImportFormat;
  map?: string;
  timeUnit?: TimeUnit;
  tzOffset?: string;
  skipBadRows?: boolean;
  json?: boolean;
}

/**
 * `nmrbot data import <files...>`: validates every file, then writes all of them in one transaction
 * or none. Exit code 1 when any file has an error (nothing is written then).
 */
export function registerDataImport(data: Command): void {
  data
    .command('import')
    .description(
      'import candle, mark, funding or open-interest files (Binance kline CSV/JSON, freqtrade JSON/CSV, Bybit CSV, ' +
        'any CSV with --map); rows must be in ascending time order; all files import or none',
    )
    .argument('<files...>', 'CSV or JSON files')
    .option(
      '--exchange <id>',
      'ccxt exchange id (default: from a parent folder such as binance-usdm/ or gateio/)',
    )
    .option('--symbol <symbol>', 'symbol, e.g. NMR/USDT:USDT or NMRUSDT (default: from the file name)')
    .option(
      '--timeframe <tf>',
      `candle timeframe (${TIMEFRAMES.join(', ')}; default: file name, else row spacing)`,
    )
    .addOption(
      new Option('--kind <kind>', 'what the file holds (default: file name, else header)').choices(
        SERIES_KINDS,
      ),
    )
    .addOption(new Option('--format <name>', 'file layout (default: detected)').choices(IMPORT_FORMATS))
    .option(
      '--map <spec>',
      'column mapping field=column,... e.g. time=open_time,open=o,high=h,low=l,close=c,volume=vol',
    )
    .addOption(new Option('--time-unit <unit>', 'how times are written (default auto)').choices(TIME_UNITS))
    .option('--tz-offset <offset>', 'zone of text times without one, e.g. +03:00 (default UTC)')
    .option('--skip-bad-rows', 'drop rows with errors (each is reported by line) instead of failing')
    .option('--json', 'print the report as JSON')
    .action((files: string[], flags: ImportFlags, cmd: Command) =>
      withStore(cmd, (store) => {
        const report = importFiles(store, files, toOptions(flags));
        process.stdout.write(
          flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatImportReport(report),
        );
        if (!report.ok) {
          const failed = report.files.filter((f) => !f.ok).map((f) => f.file);
          throw new InputError(`import failed (${failed.join(', ')}); the store is unchanged`);
        }
      }),
    );
}

function toOptions(flags: ImportFlags): ImportOptions {
  let timeframe: Timeframe | undefined;
  if (flags.timeframe !== undefined) {
    if (!isTimeframe(flags.timeframe)) {
      throw new InputError(`--timeframe ${flags.timeframe} is not one of ${TIMEFRAMES.join(', ')}`);
    }
    timeframe = flags.timeframe;
  }
  return {
    exchange: flags.exchange,
    symbol: flags.symbol,
    timeframe,
    kind: flags.kind,
    format: flags.format,
    map: flags.map,
    timeUnit: flags.timeUnit,
    tzOffset: flags.tzOffset,
    skipBadRows: flags.skipBadRows ?? false,
  };
}
