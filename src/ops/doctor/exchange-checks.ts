import type { NmrbotConfig } from '../../config/index.js';
import { createExchange, requireMarket } from '../../data/download/index.js';
import type { DoctorCheck } from './doctor.types.js';

export interface ExchangeCheckOptions {
  /** A local exchange double (or any other base URL) instead of the exchange's own hosts. */
  readonly baseUrl?: string | undefined;
  /** Local wall clock, ms (a test may shift it). */
  readonly now?: () => number;
  readonly timeoutMs?: number;
  /** Drift above this warns (default 1 s). */
  readonly warnDriftMs?: number;
  /** Drift at or above this fails (default 5 s: Binance's default recvWindow refuses signed requests). */
  readonly failDriftMs?: number;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The exchange answers (`fetchTime`), the local clock agrees with its server time (the midpoint of
 * the request is compared, so the round trip does not count as drift), and it lists the market.
 */
export async function exchangeChecks(
  config: NmrbotConfig,
  options: ExchangeCheckOptions = {},
): Promise<DoctorCheck[]> {
  const { id, symbol } = config.exchange;
  const now = options.now ?? Date.now;
  const where = options.baseUrl ?? `${id}'s API`;
  const exchange = createExchange(id, {
    baseUrl: options.baseUrl,
    enableRateLimit: false,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  if (options.baseUrl?.startsWith('http://')) await exchange.loadHttpProxyAgent();
  let serverTime: number | undefined;
  let sent = 0;
  let answered = 0;
  try {
    sent = now();
    serverTime = await exchange.fetchTime();
    answered = now();
  } catch (err) {
    return [
      {
        name: 'exchange',
        status: 'FAIL',
        message: `${where} is unreachable: ${(err as Error).constructor.name}: ${firstLine((err as Error).message)}`,
        fix: 'check the network, DNS and firewall (outbound HTTPS), the exchange status page, and --base-url / exchange.id',
      },
    ];
  }
  if (serverTime === undefined || !Number.isFinite(serverTime))
    return [{ name: 'exchange', status: 'FAIL', message: `${where} answered without a server time` }];
  const checks: DoctorCheck[] = [
    { name: 'exchange', status: 'OK', message: `${where} reachable (round trip ${answered - sent} ms)` },
  ];
  const drift = (sent + answered) / 2 - serverTime;
  const warnAt = options.warnDriftMs ?? 1000;
  const failAt = options.failDriftMs ?? 5000;
  const how = `local clock ${drift >= 0 ? 'ahead of' : 'behind'} the exchange server time by ${seconds(Math.abs(drift))}`;
  const fix =
    'sync the system clock: timedatectl set-ntp true (or install chrony), then run nmrbot doctor again';
  checks.push(
    Math.abs(drift) >= failAt
      ? {
          name: 'clock drift',
          status: 'FAIL',
          message: `${how} (>= ${seconds(failAt)}: signed requests are refused)`,
          fix,
        }
      : Math.abs(drift) > warnAt
        ? { name: 'clock drift', status: 'WARN', message: `${how} (> ${seconds(warnAt)})`, fix }
        : {
            name: 'clock drift',
            status: 'OK',
            message: `local clock within ${seconds(Math.abs(drift))} of the exchange server time`,
          },
  );
  try {
    await exchange.loadMarkets();
    requireMarket(exchange, symbol);
    checks.push({ name: 'market', status: 'OK', message: `${id} lists ${symbol}` });
  } catch (err) {
    checks.push({
      name: 'market',
      status: 'FAIL',
      message: firstLine((err as Error).message),
      fix: 'set exchange.symbol to a perpetual the exchange lists (BASE/QUOTE:SETTLE)',
    });
  }
  return checks;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
