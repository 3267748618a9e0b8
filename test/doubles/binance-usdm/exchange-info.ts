/**
 * `/fapi/v1/exchangeInfo` for one USDT-margined perpetual. The filters the bot depends on are the
 * real NMRUSDT ones (tick 0.001, step 0.1, min notional 5); the remaining fields follow the shape of
 * Binance's response with plausible values (onboard date, bounds, liquidation fee) and are illustrative.
 */
export function exchangeInfo(symbol: string, serverTime: number): unknown {
  const base = symbol.replace(/USDT$/, '');
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
        pricePrecision: 3,
        quantityPrecision: 1,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: [],
        settlePlan: 0,
        triggerProtect: '0.1500',
        liquidationFee: '0.015000',
        marketTakeBound: '0.15',
        maxMoveOrderLimit: 10000,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: '0.010', maxPrice: '10000', tickSize: '0.001' },
          { filterType: 'LOT_SIZE', minQty: '0.1', maxQty: '100000', stepSize: '0.1' },
          { filterType: 'MARKET_LOT_SIZE', minQty: '0.1', maxQty: '5000', stepSize: '0.1' },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
          { filterType: 'MIN_NOTIONAL', notional: '5' },
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
