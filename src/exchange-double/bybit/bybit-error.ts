import { BinanceError } from '../binance-error.js';

/** A Bybit V5 error: `{retCode, retMsg, result: {}, retExtInfo: {}, time}`, sent with HTTP 200 as Bybit does. */
export class BybitError extends Error {
  override readonly name = 'BybitError';
  constructor(
    readonly retCode: number,
    retMsg: string,
  ) {
    super(retMsg);
  }
}

/** The codes the double sends, with Bybit's texts (ccxt's bybit `exceptions.exact` maps them). */
export const bybitErrors = {
  params: (what: string) => new BybitError(10001, `params error: ${what}`),
  timestamp: () =>
    new BybitError(10002, 'invalid request, please check your server timestamp or recv_window param'),
  apiKey: () => new BybitError(10003, 'API key is invalid.'),
  sign: () => new BybitError(10004, 'error sign! origin_string[...]'),
  orderNotFound: () => new BybitError(110001, 'order not exists or too late to cancel'),
  insufficient: () => new BybitError(110007, 'ab not enough for new order'),
  reduceOnly: () => new BybitError(110017, 'current position is zero, cannot fix reduce-only order qty'),
  leverageNotModified: () => new BybitError(110043, 'leverage not modified'),
  duplicateLinkId: () => new BybitError(110072, 'OrderLinkedID is duplicate'),
} as const;

/** The engine speaks Binance's codes (its checks are shared); they are translated to Bybit's here. */
export function fromEngineError(err: unknown): unknown {
  if (!(err instanceof BinanceError)) return err;
  switch (err.code) {
    case -2011:
    case -2013:
      return bybitErrors.orderNotFound();
    case -4116:
      return bybitErrors.duplicateLinkId();
    case -2019:
    case -2027:
      return bybitErrors.insufficient();
    case -2022:
      return bybitErrors.reduceOnly();
    default:
      return bybitErrors.params(err.message);
  }
}
