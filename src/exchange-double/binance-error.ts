/** A reply before it is written: status and a body (JSON, or a string sent as text/html). */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A Binance error reply: `{code, msg}` with the HTTP status Binance uses for it. */
export class BinanceError extends Error {
  override readonly name = 'BinanceError';
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
  reply(): Reply {
    return { status: this.status, body: { code: this.code, msg: this.message } };
  }
}

/** The error replies the double sends, with Binance's codes and texts. */
export const binanceErrors = {
  mandatory: (name: string) =>
    new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`),
  illegalParameter: (name: string) =>
    new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid.`),
  invalidInterval: () => new BinanceError(400, -1120, 'Invalid interval.'),
  invalidSymbol: () => new BinanceError(400, -1121, 'Invalid symbol.'),
  badApiKey: () => new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  badSignature: () => new BinanceError(400, -1022, 'Signature for this request is not valid.'),
  timestampOutsideWindow: () =>
    new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.'),
  orderNotFound: () => new BinanceError(400, -2013, 'Order does not exist.'),
  unknownOrder: () => new BinanceError(400, -2011, 'Unknown order sent.'),
  duplicateClientId: () => new BinanceError(400, -4116, 'ClientOrderId is duplicated.'),
  marginInsufficient: () => new BinanceError(400, -2019, 'Margin is insufficient.'),
  wouldTrigger: () => new BinanceError(400, -2021, 'Order would immediately trigger.'),
  reduceOnlyRejected: () => new BinanceError(400, -2022, 'ReduceOnly Order is rejected.'),
  maxPosition: () =>
    new BinanceError(400, -2027, 'Exceeded the maximum allowable position at current leverage.'),
  lotSize: () => new BinanceError(400, -1013, 'Filter failure: LOT_SIZE'),
  precision: () => new BinanceError(400, -1111, 'Precision is over the maximum defined for this asset.'),
  tickSize: () => new BinanceError(400, -4014, 'Price not increased by tick size.'),
  minNotional: (min: string) =>
    new BinanceError(
      400,
      -4164,
      `Order's notional must be no smaller than ${min} (unless you choose reduce only).`,
    ),
  postOnly: () =>
    new BinanceError(
      400,
      -5022,
      'Due to the order could not be executed as maker, the Post Only order will be rejected.',
    ),
  invalidOrderType: () => new BinanceError(400, -1116, 'Invalid orderType.'),
  useAlgoEndpoint: () =>
    new BinanceError(
      400,
      -4120,
      'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
    ),
  invalidLeverage: (l: string) => new BinanceError(400, -4028, `Leverage ${l} is not valid`),
  noNeedToChangeMarginType: () => new BinanceError(400, -4046, 'No need to change margin type.'),
  marginTypeWithPosition: () =>
    new BinanceError(400, -4048, 'Margin type cannot be changed if there exists position.'),
  invalidListenKey: () => new BinanceError(400, -1125, 'This listenKey does not exist.'),
  rateLimited: () =>
    new BinanceError(
      429,
      -1003,
      'Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.',
    ),
} as const;
