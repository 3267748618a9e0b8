import { BinanceError, binanceErrors } from './binance-error.js';
import { formatDecimal } from './wire-format.js';

/**
 * The Binance error for a SimVenue rejection reason (`CODE: field=value, ...`, see execution/filters.ts).
 * The venue decides; this only translates its verdict into the code ccxt will see.
 */
export function rejectionToBinanceError(reason: string | undefined, minNotional: number): BinanceError {
  const code = (reason ?? '').split(':')[0] ?? '';
  switch (code) {
    case 'REDUCE_ONLY_NO_POSITION':
    case 'REDUCE_ONLY_WOULD_INCREASE':
      return binanceErrors.reduceOnlyRejected();
    case 'MIN_QUANTITY':
      return binanceErrors.lotSize();
    case 'MIN_NOTIONAL':
      return binanceErrors.minNotional(formatDecimal(minNotional));
    case 'STOP_WOULD_TRIGGER':
      return binanceErrors.wouldTrigger();
    case 'DUPLICATE_CLIENT_ORDER_ID':
      return binanceErrors.duplicateClientId();
    default:
      return new BinanceError(400, -1102, `Order rejected by the double's venue: ${reason ?? 'no reason'}`);
  }
}
