import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { MarketEvent, UserEvent } from './exchange-double.types.js';
import { miniTickerPayload, tickerPayload } from './ticker.js';
import type { ExchangeEngine } from './exchange-engine.js';
import type { Faults } from './faults.js';
import type { ListenKeys } from './listen-keys.js';
import {
  bookTickerPayload,
  depthPayload,
  klinePayload,
  markPricePayload,
  tradePayload,
  userPayload,
} from './ws-format.js';

/** One WebSocket client: the market streams it follows, or the listen key of its user-data stream. */
interface Connection {
  readonly ws: WebSocket;
  readonly streams: Set<string>;
  /** `/stream?streams=`: every payload is wrapped as `{stream, data}`. */
  readonly combined: boolean;
  readonly listenKey: string | undefined;
  /** Delivery chain: keeps a connection's messages in order under injected latency. */
  queue: Promise<void>;
}

/**
 * The WebSocket side of the double: market streams (`<symbol>@kline_<tf>`, `@trade`, `@aggTrade`,
 * `@depth[<levels>][@<speed>]`, `@markPrice[@1s]`, `@bookTicker`, `@ticker`, `@miniTicker`) on `/ws`, `/market/ws`, `/public/ws`
 * (streams in the path or by SUBSCRIBE frames) and `/stream?streams=` (combined envelope); the user-data
 * stream on `/private/ws?listenKey=` or `/ws/<listenKey>`.
 */
export class WsHub {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  readonly #engine: ExchangeEngine;
  readonly #faults: Faults;
  readonly #listenKeys: ListenKeys;
  readonly #unsubscribe: (() => void)[];

  constructor(engine: ExchangeEngine, faults: Faults, listenKeys: ListenKeys) {
    this.#engine = engine;
    this.#faults = faults;
    this.#listenKeys = listenKeys;
    this.#unsubscribe = [engine.onMarket((e) => this.#onMarket(e)), engine.onUser((e) => this.#onUser(e))];
    listenKeys.onRemove((key) => {
      for (const c of this.#connections) if (c.listenKey === key) c.ws.close(1000, 'listenKey deleted');
    });
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Every market stream followed, and `user:<n>` for the n user-data connections (for tests). */
  streams(): string[] {
    const out: string[] = [];
    for (const c of this.#connections) {
      if (c.listenKey !== undefined) out.push('user');
      else out.push(...c.streams);
    }
    return out;
  }

  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = this.#classify(url);
    if (route === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const c: Connection = { ws, queue: Promise.resolve(), ...route };
      this.#connections.add(c);
      ws.on('close', () => this.#connections.delete(c));
      ws.on('error', () => this.#connections.delete(c));
      ws.on('message', (data: Buffer) => this.#onFrame(c, data.toString('utf8')));
    });
  }

  /** Fault: drops every WebSocket connection at once (clients see an abnormal close, 1006). */
  disconnectAll(): void {
    for (const c of this.#connections) c.ws.terminate();
    this.#connections.clear();
  }

  close(): void {
    for (const u of this.#unsubscribe) u();
    this.disconnectAll();
    this.#wss.close();
  }

  #classify(url: URL): Omit<Connection, 'ws' | 'queue'> | undefined {
    const path = url.pathname;
    const key = url.searchParams.get('listenKey');
    if (path === '/private/ws' || (key !== null && path.endsWith('/ws'))) {
      if (key === null || !this.#listenKeys.has(key)) return undefined;
      return { streams: new Set(), combined: false, listenKey: key };
    }
    if (path === '/stream' || path.endsWith('/stream')) {
      const streams = (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
      return { streams: new Set(streams), combined: true, listenKey: undefined };
    }
    const m = /^(?:\/(?:market|public))?\/ws(?:\/(.*))?$/.exec(path);
    if (!m) return undefined;
    const rest = (m[1] ?? '').split('/').filter(Boolean);
    // `/ws/<listenKey>`: a path segment without '@' that is a live listen key.
    const first = rest[0];
    if (rest.length === 1 && first !== undefined && !first.includes('@') && this.#listenKeys.has(first))
      return { streams: new Set(), combined: false, listenKey: first };
    return { streams: new Set(rest.filter((s) => s.includes('@'))), combined: false, listenKey: undefined };
  }

  #onFrame(c: Connection, text: string): void {
    let frame: { method?: unknown; params?: unknown; id?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      this.#reply(c, { error: { code: 3, msg: 'Invalid JSON' } });
      return;
    }
    const params = Array.isArray(frame.params)
      ? frame.params.filter((p): p is string => typeof p === 'string')
      : [];
    const id = frame.id ?? null;
    if (frame.method === 'SUBSCRIBE') params.forEach((p) => c.streams.add(p));
    else if (frame.method === 'UNSUBSCRIBE') params.forEach((p) => c.streams.delete(p));
    else if (frame.method === 'LIST_SUBSCRIPTIONS') return this.#reply(c, { result: [...c.streams], id });
    else return this.#reply(c, { error: { code: 2, msg: 'Invalid request: unknown method' }, id });
    this.#reply(c, { result: null, id });
  }

  /** Replies to a control frame: delayed like everything else, never dropped or duplicated. */
  #reply(c: Connection, payload: unknown): void {
    this.#deliver(c, JSON.stringify(payload), 1);
  }

  #onMarket(e: MarketEvent): void {
    const symbol = this.#engine.instrument.symbol;
    const prefix = `${symbol.toLowerCase()}@`;
    for (const c of this.#connections) {
      if (c.listenKey !== undefined) continue;
      for (const stream of c.streams) {
        if (!stream.startsWith(prefix)) continue;
        const payload = this.#payloadFor(stream.slice(prefix.length), e, symbol);
        if (payload) this.#send(c, payload, stream);
      }
    }
  }

  #payloadFor(name: string, e: MarketEvent, symbol: string): Record<string, unknown> | undefined {
    if (e.type === 'kline' && name.startsWith('kline_')) return klinePayload(this.#engine, e, name.slice(6));
    if (e.type === 'trade' && (name === 'trade' || name === 'aggTrade'))
      return tradePayload(symbol, e, name === 'aggTrade');
    if (e.type === 'book') {
      const depth = /^depth(\d+)?(?:@\d+ms)?$/.exec(name);
      if (depth) return depthPayload(symbol, e, depth[1] === undefined ? undefined : Number(depth[1]));
      if (name === 'bookTicker') return bookTickerPayload(symbol, e);
    }
    if (e.type === 'mark' && /^markPrice(@1s)?$/.test(name)) return markPricePayload(this.#engine, e.time);
    if (e.type === 'mark' && name === 'ticker') return tickerPayload(this.#engine, e.time);
    if (e.type === 'mark' && name === 'miniTicker') return miniTickerPayload(this.#engine, e.time);
    return undefined;
  }

  #onUser(e: UserEvent): void {
    const payload = userPayload(this.#engine, e);
    for (const c of this.#connections) if (c.listenKey !== undefined) this.#send(c, payload, undefined);
  }

  /** Sends through the fault model: maybe dropped or duplicated, after the injected latency, in order. */
  #send(c: Connection, payload: unknown, stream: string | undefined): void {
    const copies = this.#faults.wsCopies();
    if (copies === 0) return;
    const text = JSON.stringify(c.combined && stream !== undefined ? { stream, data: payload } : payload);
    this.#deliver(c, text, copies);
  }

  #deliver(c: Connection, text: string, copies: number): void {
    const delay = this.#faults.delayMs();
    const deliver = (): void => {
      for (let i = 0; i < copies; i++) if (c.ws.readyState === c.ws.OPEN) c.ws.send(text);
    };
    if (delay <= 0) {
      c.queue = c.queue.then(deliver);
      return;
    }
    // Each message is due `delay` after it was emitted, not after the one before it: latency, not a
    // throttle. A later message with a shorter jitter still waits for the earlier one (order kept).
    const due = Date.now() + delay;
    c.queue = c.queue
      .then(() => new Promise<void>((r) => setTimeout(r, Math.max(0, due - Date.now()))))
      .then(deliver);
  }
}
