import path from 'node:path';

/** Quote currencies recognised at the end of a concatenated symbol such as `NMRUSDT`, longest first. */
const QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'USD', 'BTC', 'ETH', 'BNB'] as const;

/** Folder or option spellings of the ccxt exchange ids nmrbot knows. */
const EXCHANGE_ALIASES: Readonly<Record<string, string>> = {
  binance: 'binance',
  binanceusdm: 'binanceusdm',
  'binance-usdm': 'binanceusdm',
  binance_usdm: 'binanceusdm',
  'binance-futures': 'binanceusdm',
  binancefutures: 'binanceusdm',
  gate: 'gate',
  gateio: 'gate',
  'gate-io': 'gate',
  'gate.io': 'gate',
  bybit: 'bybit',
  'bybit-linear': 'bybit',
  bybit_linear: 'bybit',
  okx: 'okx',
  okex: 'okx',
};

/** Folder names that mark derivatives data (freqtrade's `futures/`, Binance dumps' `um/`...). */
const FUTURES_FOLDERS = new Set(['futures', 'future', 'perp', 'perps', 'perpetual', 'swap', 'linear', 'um']);

export type MarketType = 'perp' | 'spot';

/**
 * The ccxt unified symbol for an exchange's spelling: `NMRUSDT`, `NMR_USDT_USDT`, `NMR_USDT` and
 * `NMR-USDT-SWAP` all give `NMR/USDT:USDT` for a perpetual (`NMR/USDT` for spot). A symbol that
 * already contains `/` is returned unchanged; an unrecognised one too.
 */
export function toUnifiedSymbol(raw: string, market: MarketType = 'perp'): string {
  const s = raw.trim().toUpperCase();
  if (s.includes('/')) return raw.trim();
  const unify = (base: string, quote: string, settle?: string): string => {
    if (settle) return `${base}/${quote}:${settle}`;
    return market === 'perp' ? `${base}/${quote}:${quote}` : `${base}/${quote}`;
  };
  const parts = s.split(/[_-]/).filter((p) => p.length > 0);
  if (parts.length >= 2) {
    const [base = '', quote = '', third] = parts;
    if (third === 'SWAP' || third === 'PERP') return unify(base, quote, quote);
    if (third !== undefined && parts.length === 3) return unify(base, quote, third);
    if (parts.length === 2) return unify(base, quote);
    return raw.trim();
  }
  const quote = QUOTES.find((q) => s.endsWith(q) && s.length > q.length);
  return quote ? unify(s.slice(0, -quote.length), quote) : raw.trim();
}

/** The ccxt id for a spelling such as `gateio` or `bybit-linear`, or undefined when unknown. */
export function normalizeExchangeId(name: string): string | undefined {
  return EXCHANGE_ALIASES[name.trim().toLowerCase()];
}

/** True when a folder on the file's path marks derivatives data. */
export function pathSaysFutures(filePath: string): boolean {
  return folders(filePath).some((f) => FUTURES_FOLDERS.has(f.toLowerCase()));
}

/** True when a folder on the file's path is named `spot`. */
export function pathSaysSpot(filePath: string): boolean {
  return folders(filePath).some((f) => f.toLowerCase() === 'spot');
}

/**
 * The exchange a file belongs to, from the nearest parent folder named after a known exchange
 * (`binance-usdm/`, `gateio/`, `bybit-linear/`...). A `binance` folder means Binance USD-M futures
 * (`binanceusdm`) when the data is derivatives, else Binance spot.
 */
export function exchangeFromPath(filePath: string, futures: boolean): string | undefined {
  const dirs = folders(filePath).reverse();
  for (const dir of dirs) {
    const id = normalizeExchangeId(dir);
    if (id === 'binance' && futures) return 'binanceusdm';
    if (id) return id;
  }
  return undefined;
}

function folders(filePath: string): string[] {
  return path
    .dirname(path.resolve(filePath))
    .split(/[\\/]/)
    .filter((p) => p.length > 0);
}
