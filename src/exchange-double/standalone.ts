import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { InputError, isTimeframe } from '../core/index.js';
import type { CandleSeries, FundingSeries } from '../data/index.js';
import { loadSharedNmr1m, loadStoredReplay } from './replay-source.js';
import { type ExchangeDouble, startExchangeDouble } from './server.js';

const USAGE = `Usage: npx tsx src/exchange-double/standalone.ts [options]
  --port <n>         port on 127.0.0.1 (default 8080; 0 = any)
  --speed <x>        replayed ms per wall ms (default 600: 10 replayed minutes per second; 0: manual)
  --store <file>     replay candles (and funding) from this SQLite store; default: the real
                     NMRUSDT 1m file in ../shared/data (2025-06-16 .. 06-22)
  --exchange <id>    store series exchange (default binanceusdm)
  --timeframe <tf>   store series timeframe (default 1m)
  --balance <usdt>   starting wallet (default 10000)
  --history <bars>   bars served as history before the replay starts (default 0)`;

function positive(name: string, text: string | undefined, byDefault: number): number {
  if (text === undefined) return byDefault;
  const n = Number(text);
  if (!(Number.isFinite(n) && n >= 0)) throw new InputError(`--${name} must be a number >= 0, got "${text}"`);
  return n;
}

/** Starts a double from command-line arguments; the caller closes it. */
export async function runStandalone(argv: readonly string[]): Promise<ExchangeDouble> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      speed: { type: 'string' },
      store: { type: 'string' },
      exchange: { type: 'string' },
      timeframe: { type: 'string' },
      balance: { type: 'string' },
      history: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let series: CandleSeries;
  let funding: FundingSeries | undefined;
  if (values.store !== undefined) {
    const timeframe = values.timeframe ?? '1m';
    if (!isTimeframe(timeframe)) throw new InputError(`--timeframe "${timeframe}" is not a timeframe`);
    ({ series, funding } = loadStoredReplay({
      storePath: values.store,
      exchange: values.exchange ?? 'binanceusdm',
      symbol: 'NMR/USDT:USDT',
      timeframe,
    }));
  } else series = loadSharedNmr1m();
  const speed = positive('speed', values.speed, 600);
  return startExchangeDouble({
    series,
    funding,
    port: positive('port', values.port, 8080),
    ...(speed > 0 ? { speed } : {}),
    initialBalance: positive('balance', values.balance, 10_000),
    startIndex: positive('history', values.history, 0),
  });
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runStandalone(process.argv.slice(2)).then(
    (double) => {
      const s = double.state();
      process.stdout.write(
        `exchange double on ${double.url} (ws ${double.wsUrl}), key ${double.credentials.apiKey} / secret ${double.credentials.secret}\n` +
          `replaying ${s.bars} bars from ${new Date(s.time).toISOString()}; Ctrl-C stops\n`,
      );
      process.once('SIGINT', () => void double.close().then(() => process.exit(0)));
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
      process.exit(1);
    },
  );
}
