import ccxt, { type Exchange, type MarketInterface as Market } from 'ccxt';
import { InputError } from '../../core/index.js';

export interface ExchangeSetup {
  /** Replaces scheme and host of every URL under `urls.api`; see `rewriteApiUrls`. */
  readonly baseUrl?: string | undefined;
  readonly enableRateLimit?: boolean | undefined;
  readonly rateLimitMs?: number | undefined;
  readonly timeoutMs?: number | undefined;
}

type ExchangeClass = new (config?: Record<string, unknown>) => Exchange;

/** Exchange ids of the installed ccxt that contain `part` (for "did you mean"). */
function similarIds(part: string): string[] {
  const p = part.toLowerCase().slice(0, 4);
  return p.length === 0 ? [] : ccxt.exchanges.filter((id) => id.includes(p)).slice(0, 6);
}

/**
 * A REST client of the real ccxt exchange `id`, public endpoints only. Without API keys ccxt's
 * `loadMarkets` would also fetch currencies from private wallet endpoints; that is switched off.
 */
export function createExchange(id: string, setup: ExchangeSetup = {}): Exchange {
  const Ctor = ccxt.exchanges.includes(id)
    ? ((ccxt as unknown as Record<string, unknown>)[id] as ExchangeClass | undefined)
    : undefined;
  if (typeof Ctor !== 'function') {
    const like = similarIds(id);
    throw new InputError(
      `unknown exchange "${id}": ccxt ${ccxt.version} has no such exchange id` +
        (like.length ? ` (similar: ${like.join(', ')})` : ' (examples: binanceusdm, bybit, okx, gate)'),
    );
  }
  const config: Record<string, unknown> = { enableRateLimit: setup.enableRateLimit ?? true };
  if (setup.rateLimitMs !== undefined) config['rateLimit'] = setup.rateLimitMs;
  if (setup.timeoutMs !== undefined) config['timeout'] = setup.timeoutMs;
  const exchange = new Ctor(config);
  if (!exchange.apiKey) exchange.options['fetchCurrencies'] = false;
  if (setup.baseUrl !== undefined) rewriteApiUrls(exchange, setup.baseUrl);
  return exchange;
}

/**
 * Points every REST and websocket URL under `exchange.urls.api` at `baseUrl`, keeping each path:
 * `https://fapi.binance.com/fapi/v1` becomes `<baseUrl>/fapi/v1`, `wss://fstream.binance.com/ws` becomes
 * `<baseUrl as ws://>/ws`. Templated hosts (`https://api.{hostname}`) are replaced whole.
 */
export function rewriteApiUrls(exchange: { urls: { api?: unknown } }, baseUrl: string): void {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new InputError(`--base-url "${baseUrl}" is not a URL (example: http://127.0.0.1:8080)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new InputError(`--base-url "${baseUrl}" must start with http:// or https://`);
  const http = baseUrl.replace(/\/+$/, '');
  const ws = http.replace(/^http/, 'ws');
  const rewrite = (url: string): string =>
    url.replace(/^https?:\/\/[^/]+/, http).replace(/^wss?:\/\/[^/]+/, ws);
  const walk = (node: Record<string, unknown>): void => {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') node[k] = rewrite(v);
      else if (v && typeof v === 'object') walk(v as Record<string, unknown>);
    }
  };
  const api = exchange.urls.api;
  if (typeof api === 'string') exchange.urls.api = rewrite(api);
  else if (api && typeof api === 'object') walk(api as Record<string, unknown>);
}

/**
 * The market `symbol` after markets are loaded, or an InputError naming what the venue lists instead.
 */
export function requireMarket(exchange: Exchange, symbol: string): Market {
  const markets = exchange.markets ?? {};
  const market = markets[symbol] as Market | undefined;
  if (market) return market;
  const base = symbol.split('/')[0] ?? '';
  const sameBase = Object.keys(markets)
    .filter((s) => s.startsWith(`${base}/`))
    .slice(0, 8);
  throw new InputError(
    `${exchange.id} does not list ${symbol} (${Object.keys(markets).length} markets loaded` +
      (sameBase.length ? `; with base ${base}: ${sameBase.join(', ')})` : `; none with base ${base})`),
  );
}

/** ccxt's declared per-call OHLCV maximum for this market, if any. */
export function declaredOhlcvLimit(exchange: Exchange, market: Market): number | undefined {
  type Node = { fetchOHLCV?: { limit?: unknown } } & Record<string, unknown>;
  const byType = exchange.features[market.type ?? ''] as Node | undefined;
  const bySubType = market.subType ? (byType?.[market.subType] as Node | undefined) : undefined;
  const limit = (bySubType ?? byType)?.fetchOHLCV?.limit;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}
