import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, epochMs } from '../core/index.js';
import type { Reply } from './binance-error.js';
import { ExchangeEngine } from './exchange-engine.js';
import type { EngineOptions } from './exchange-double.types.js';
import { type FaultOptions, Faults } from './faults.js';
import { faultReply, type HttpDeps, type RecordedRequest, routeRequest } from './http-handler.js';
import { ListenKeys } from './listen-keys.js';
import { ReplayDriver } from './replay-driver.js';
import type { Credentials } from './signature.js';
import { type DoubleState, stateOf } from './state.js';
import { WsHub } from './ws-hub.js';

export interface ExchangeDoubleOptions extends EngineOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
  /** Replayed ms per wall ms (600 = 10 replayed minutes per second). Omit for manual `advance()`. */
  readonly speed?: number;
  readonly faults?: FaultOptions;
  /** Default `{ apiKey: 'double-key', secret: 'double-secret' }`. */
  readonly credentials?: Credentials;
  /** Where unknown paths are reported; default stderr. */
  readonly log?: (line: string) => void;
  /** How many recent requests `requests` keeps (a long replay would grow it without bound). Default 10,000. */
  readonly keepRequests?: number;
}

/** A running exchange double. */
export interface ExchangeDouble {
  /** `http://127.0.0.1:<port>`: substitute it for `https://fapi.binance.com` (see docs/exchange-double.md). */
  readonly url: string;
  /** `ws://127.0.0.1:<port>`: substitute it for `wss://fstream.binance.com`. */
  readonly wsUrl: string;
  readonly port: number;
  readonly credentials: Credentials;
  readonly engine: ExchangeEngine;
  /** The replay's clock (the time of the stored data being replayed), for a kernel driven by this double. */
  readonly clock: Clock;
  readonly faults: Faults;
  /** The requests received, oldest first (the last `keepRequests`). */
  readonly requests: readonly RecordedRequest[];
  /** Fault: drops every WebSocket connection at once (ccxt sees the socket close and reconnects on its next watch). */
  dropWebSockets(): void;
  /** Open WebSocket connections. */
  webSocketCount(): number;
  /** The market streams followed over all connections, and `user` per user-data connection. */
  webSocketStreams(): string[];
  /** Manual mode: processes `bars` bar boundaries (default 1); returns how many were processed. */
  advance(bars?: number): number;
  state(): DoubleState;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, reply: Reply): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts a local Binance USD-M double on 127.0.0.1 speaking enough REST and WebSocket for the real ccxt
 * `binanceusdm` client, backed by SimVenue + Portfolio over replayed candles.
 */
export async function startExchangeDouble(options: ExchangeDoubleOptions): Promise<ExchangeDouble> {
  const engine = new ExchangeEngine(options);
  const faults = new Faults(options.faults);
  const requests: RecordedRequest[] = [];
  const keep = options.keepRequests ?? 10_000;
  const listenKeys = new ListenKeys();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const driver = new ReplayDriver(engine, options.speed, Date.now, (err) =>
    log(
      `exchange double: the replay stopped: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    ),
  );
  const deps: HttpDeps = {
    engine,
    faults,
    credentials: options.credentials ?? { apiKey: 'double-key', secret: 'double-secret' },
    listenKeys,
    serverTime: () => Date.now() + faults.clockSkewMs,
    requests,
    log,
  };
  const held = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const body = await readBody(req);
      const record = (status: number): void => {
        const params = Object.fromEntries(new URLSearchParams(url.search + (body ? `&${body}` : '')));
        delete params.signature;
        requests.push({ method, path: url.pathname, params, status });
        if (requests.length > keep) requests.splice(0, requests.length - keep);
      };
      const fault = faults.nextHttp(url.pathname);
      if (fault?.kind === 'timeout') {
        if (fault.afterExecution) routeRequest(method, url, body, req.headers, deps);
        record(0);
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      const delay = faults.delayMs();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const reply = fault ? faultReply(fault) : routeRequest(method, url, body, req.headers, deps);
      record(reply.status);
      send(res, reply);
    })().catch((err: unknown) => {
      deps.log(`exchange double: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      if (!res.headersSent)
        send(res, {
          status: 500,
          body: { code: -1000, msg: 'An unknown error occured while processing the request.' },
        });
    });
  });

  const hub = new WsHub(engine, faults, listenKeys);
  server.on('upgrade', (req, socket, head: Buffer) => hub.handleUpgrade(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  driver.start();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    credentials: deps.credentials,
    engine,
    clock: { now: () => epochMs(engine.now()) },
    faults,
    requests,
    dropWebSockets: () => hub.disconnectAll(),
    webSocketCount: () => hub.connectionCount,
    webSocketStreams: () => hub.streams(),
    advance: (bars = 1) => driver.advance(bars),
    state: () => stateOf(engine, driver.ended),
    close: () =>
      new Promise<void>((resolve, reject) => {
        driver.stop();
        hub.close();
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
