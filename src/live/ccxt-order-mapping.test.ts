import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { type ClientOrderId, type EpochMs, InputError, WallClock } from '../core/index.js';
import { connectCcxt } from './ccxt-connect.js';
import { createOrderArgs, reportOfOrder, tradeOf } from './ccxt-order-mapping.js';
import { CcxtVenue } from './ccxt-venue.js';
import type { ExchangeOrderRequest } from './order-gateway.types.js';

const base: ExchangeOrderRequest = {
  venueClientId: 'nb552cc6-mifu2ps0-0-entry' as ClientOrderId,
  symbol: 'NMR/USDT:USDT',
  side: 'buy',
  type: 'market',
  quantity: 40,
  reduceOnly: false,
};

describe('createOrderArgs', () => {
  it('asks Binance for the RESULT answer of a market order and passes the client id', () => {
    expect(createOrderArgs('binanceusdm', base)).toEqual({
      type: 'market',
      price: undefined,
      params: { clientOrderId: base.venueClientId, newOrderRespType: 'RESULT' },
    });
    expect(createOrderArgs('bybit', base).params).toEqual({ clientOrderId: base.venueClientId });
  });

  it("sends a protective stop as ccxt's reduce-only stopLossPrice, any other stop as triggerPrice", () => {
    const stop = {
      ...base,
      side: 'sell' as const,
      type: 'stop_market' as const,
      triggerPrice: 9.5,
      reduceOnly: true,
    };
    expect(createOrderArgs('binanceusdm', stop)).toEqual({
      type: 'market',
      price: undefined,
      params: { clientOrderId: base.venueClientId, reduceOnly: true, stopLossPrice: 9.5 },
    });
    expect(createOrderArgs('bybit', { ...stop, reduceOnly: false }).params).toEqual({
      clientOrderId: base.venueClientId,
      triggerPrice: 9.5,
    });
  });

  it('rests a limit order GTC and refuses one without a price', () => {
    expect(createOrderArgs('binanceusdm', { ...base, type: 'limit', price: 9.9 })).toEqual({
      type: 'limit',
      price: 9.9,
      params: { clientOrderId: base.venueClientId, timeInForce: 'GTC' },
    });
    expect(() => createOrderArgs('binanceusdm', { ...base, type: 'limit' })).toThrow(
      'limit order nb552cc6-mifu2ps0-0-entry has no price',
    );
  });
});

describe('reportOfOrder and tradeOf on payloads parsed by the real ccxt binanceusdm client', () => {
  const ex = new ccxt.binanceusdm();

  it('reads a partially filled order', () => {
    const order = ex.parseOrder({
      orderId: 42,
      symbol: 'NMRUSDT',
      status: 'PARTIALLY_FILLED',
      clientOrderId: 'nb1-a',
      price: '9.9',
      avgPrice: '9.9',
      origQty: '10',
      executedQty: '4',
      type: 'LIMIT',
      side: 'BUY',
      time: 1736164860000,
      updateTime: 1736164920000,
    });
    expect(reportOfOrder(order, 0 as EpochMs)).toEqual({
      venueClientId: 'nb1-a',
      venueOrderId: '42',
      status: 'partially_filled',
      filledQuantity: 4,
      averagePrice: 9.9,
      time: 1736164920000,
    });
  });

  it('reads a triggered stop (algo FINISHED) with the plain order it became', () => {
    const algo = ex.parseOrder({
      algoId: 3000000123,
      clientAlgoId: 'nb1-stop',
      algoType: 'CONDITIONAL',
      orderType: 'STOP_MARKET',
      symbol: 'NMRUSDT',
      side: 'SELL',
      quantity: '40',
      algoStatus: 'FINISHED',
      triggerPrice: '9.5',
      reduceOnly: true,
      createTime: 1736164860000,
      updateTime: 1736165100000,
      actualOrderId: '4000001',
    });
    expect(reportOfOrder(algo, 0 as EpochMs)).toMatchObject({
      venueClientId: 'nb1-stop',
      venueOrderId: '3000000123',
      status: 'filled',
      filledQuantity: 0,
      triggeredOrderId: '4000001',
    });
  });

  it('keeps a fee paid in BNB apart instead of counting it as USDT', () => {
    const trade = ex.parseTrade({
      symbol: 'NMRUSDT',
      id: 77,
      orderId: 42,
      side: 'BUY',
      price: '9.9',
      qty: '4',
      commission: '0.0001',
      commissionAsset: 'BNB',
      time: 1736164920000,
      maker: true,
    });
    expect(tradeOf(trade, 'USDT')).toEqual({
      tradeId: '77',
      venueOrderId: '42',
      venueClientId: undefined,
      symbol: 'NMRUSDT',
      side: 'buy',
      quantity: 4,
      price: 9.9,
      fee: 0,
      time: 1736164920000,
      maker: true,
      otherFee: { cost: 0.0001, currency: 'BNB' },
    });
  });
});

describe('stop placement and exchange ids', () => {
  it('attaches stops where ccxt says the venue takes them with the order (bybit), separate on Binance', async () => {
    const clock = new WallClock();
    const venueOf = async (id: string): Promise<CcxtVenue> =>
      new CcxtVenue({
        connection: await connectCcxt({ exchangeId: id, clock }),
        symbol: 'NMR/USDT:USDT',
        clock,
      });
    expect((await venueOf('bybit')).stopPlacement).toBe('attached');
    const binance = await venueOf('binanceusdm');
    expect(binance.stopPlacement).toBe('separate');
    expect(binance.latencyBudgetMs, 'a real venue: acknowledgements over 100 ms are logged').toBe(100);
  });

  it('names an unknown exchange id', async () => {
    await expect(connectCcxt({ exchangeId: 'binanceusdx', clock: new WallClock() })).rejects.toThrow(
      InputError,
    );
    await expect(connectCcxt({ exchangeId: 'binanceusdx', clock: new WallClock() })).rejects.toThrow(
      /unknown exchange "binanceusdx"/,
    );
  });
});
