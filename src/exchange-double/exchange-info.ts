import type { InstrumentSpec } from '../core/index.js';
import { formatDecimal } from './wire-format.js';
import { NMR_INSTRUMENT } from './instrument.js';

/**
 * `/fapi/v1/exchangeInfo` for one USDT-margined perpetual. The filters come from `instrument`
 * (by default the real NMRUSDT ones: tick 0.001, step 0.1, min notional 5); the remaining fields follow
 * the shape of Binance's response with plausible values (onboard date, bounds) and are illustrative.
 */
export function exchangeInfo(
  symbol: string,
  serverTime: number,
  instrument: InstrumentSpec = NMR_INSTRUMENT,
): unknown {
  const base = symbol.replace(/USDT$/, '');
  const tick = formatDecimal(instrument.tickSize);
  const step = formatDecimal(instrument.stepSize);
  const minQty = formatDecimal(instrument.minQuantity);
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: [
      {
        symbol,
        pair: symbol,
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1606377600000,
        status: 'TRADING',
        maintMarginPercent: '2.5000',
        requiredMarginPercent: '5.0000',
        baseAsset: base,
        quoteAsset: 'USDT',
        marginAsset: 'USDT',
        pricePrecision: decimalsOf(tick),
        quantityPrecision: decimalsOf(step),
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: [],
        settlePlan: 0,
        triggerProtect: '0.1500',
        liquidationFee: instrument.liquidationFeeRate.toFixed(6),
        marketTakeBound: '0.15',
        maxMoveOrderLimit: 10000,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: tick, maxPrice: '10000', tickSize: tick },
          { filterType: 'LOT_SIZE', minQty, maxQty: '100000', stepSize: step },
          { filterType: 'MARKET_LOT_SIZE', minQty, maxQty: '5000', stepSize: step },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
          { filterType: 'MIN_NOTIONAL', notional: formatDecimal(instrument.minNotional) },
          {
            filterType: 'PERCENT_PRICE',
            multiplierUp: '1.1500',
            multiplierDown: '0.8500',
            multiplierDecimal: '4',
          },
        ],
        orderTypes: [
          'LIMIT',
          'MARKET',
          'STOP',
          'STOP_MARKET',
          'TAKE_PROFIT',
          'TAKE_PROFIT_MARKET',
          'TRAILING_STOP_MARKET',
        ],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
        permissionSet: ['GRID', 'COPY'],
      },
    ],
  };
}

function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
