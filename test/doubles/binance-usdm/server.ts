import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BinanceUsdmDoubleOptions, DoubleRequest, FailureMode, FailurePlan } from './double.types.js';
import { loadRealNmrData } from './real-data.js';
import { BinanceError, binanceErrors, type Reply } from '../../../src/exchange-double/index.js';
import { ROUTES, type RouteContext } from './routes.js';

/** A running Binance USD-M double on 127.0.0.1. Point ccxt at `url` (see `NOTES-integrations.md` §3). */
export interface BinanceUsdmDouble {
  /** `http://127.0.0.1:<port>`: the base to substitute for `https://fapi.binance.com` and friends. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: readonly DoubleRequest[];
  /** Requests to one path, e.g. `/fapi/v1/klines`. */
  requestsTo(path: string): DoubleRequest[];
  clearRequests(): void;
  /** Starts failing as planned (counting from now), or heals the double with `undefined`. */
  setFailures(plan: FailurePlan | undefined): void;
  close(): Promise<void>;
}

const FAILURE_REPLIES: Readonly<Record<Exclude<FailureMode, 'socket-destroy'>, Reply>> = {
  // A gateway error page, not JSON: ccxt maps the bare 503 to ExchangeNotAvailable.
  'http-503': { status: 503, body: 'Service Unavailable' },
  'rate-limit-429': binanceErrors.rateLimited().reply(),
  'ban-418': {
    status: 418,
    body: {
      code: -1003,
      msg: 'Way too many requests; IP(127.0.0.1) banned until 4102444800000. Please use the websocket for live updates to avoid bans.',
    },
  },
};

class FailureSchedule {
  #plan: FailurePlan | undefined;
  #counted = 0;
  #failed = 0;

  set(plan: FailurePlan | undefined): void {
    this.#plan = plan;
    this.#counted = 0;
    this.#failed = 0;
  }

  /** The failure to answer `path` with, if this request is one the plan fails. */
  next(path: string): FailureMode | undefined {
    const plan = this.#plan;
    if (!plan || (plan.paths && !plan.paths.includes(path))) return undefined;
    this.#counted++;
    if (this.#counted <= plan.afterRequests || this.#failed >= (plan.times ?? Infinity)) return undefined;
    this.#failed++;
    return plan.mode;
  }
}

function send(res: http.ServerResponse, reply: Reply): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(reply.status === 429 ? { 'retry-after': '1' } : {}),
  });
  res.end(text);
}

/**
 * Starts the double. It serves real NMR data unless `options.data` says otherwise, honours
 * `symbol, interval, period, startTime, endTime, limit` as Binance does, and answers unknown paths
 * with Binance's 404 `{code:-5000}` after reporting them through `options.log`.
 */
export async function startBinanceUsdmDouble(
  options: BinanceUsdmDoubleOptions = {},
): Promise<BinanceUsdmDouble> {
  const ctx: RouteContext = {
    data: options.data ?? loadRealNmrData(),
    now: options.now,
    fundingIntervalHours: options.fundingIntervalHours === undefined ? 8 : options.fundingIntervalHours,
  };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const requests: DoubleRequest[] = [];
  const failures = new FailureSchedule();
  failures.set(options.failures);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const record = (status: number): void => {
      requests.push({ method, path: url.pathname, params: Object.fromEntries(url.searchParams), status });
    };
    const failure = failures.next(url.pathname);
    if (failure === 'socket-destroy') {
      record(0);
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    const route = method === 'GET' ? ROUTES[url.pathname] : undefined;
    if (failure) reply = FAILURE_REPLIES[failure];
    else if (!route) {
      log(`binance-usdm double: unknown ${method} ${url.pathname}${url.search}`);
      reply = {
        status: 404,
        body: { code: -5000, msg: `Path ${url.pathname}, Method ${method} is invalid` },
      };
    } else {
      try {
        reply = route(url.searchParams, ctx);
      } catch (err) {
        if (!(err instanceof BinanceError)) throw err;
        reply = err.reply();
      }
    }
    record(reply.status);
    send(res, reply);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    clearRequests: () => {
      requests.length = 0;
    },
    setFailures: (plan) => failures.set(plan),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
