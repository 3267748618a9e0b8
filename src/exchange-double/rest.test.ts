import { AuthenticationError, ExchangeError, InvalidNonce, MarginModeAlreadySet, OrderNotFound } from 'ccxt';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SLIPPAGE, type SlippageConfig } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { NMR_INSTRUMENT } from './instrument.js';
import { type ExchangeDouble, type ExchangeDoubleOptions, startExchangeDouble } from './server.js';
import { NMR, type ProBinance, connectCcxt, flatBars, syntheticBars } from './test-helpers.js';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

async function start(
  series = flatBars(10, 10),
  extra: Partial<ExchangeDoubleOptions> = {},
): Promise<{ double: ExchangeDouble; ex: ProBinance }> {
  const double = await startExchangeDouble({ series, slippage: NO_SLIPPAGE, log: () => {}, ...extra });
  open.push(double);
  const ex = await connectCcxt(double);
  open.push(ex);
  return { double, ex };
}

const NO_SLIPPAGE: SlippageConfig = { ...DEFAULT_SLIPPAGE, model: 'none' };

describe('the exchange double through the real ccxt binanceusdm client (REST)', () => {
  it('lists NMR/USDT:USDT with the real NMRUSDT precision and limits', async () => {
    const { ex } = await start();
    const markets = await ex.loadMarkets();
    const m = markets[NMR];
    expect(m?.active).toBe(true);
    expect(m?.precision).toMatchObject({ price: 0.001, amount: 0.1 });
    expect(m?.limits.amount?.min).toBe(0.1);
    expect(m?.limits.cost?.min).toBe(5);
    expect(m?.linear && m.swap).toBe(true);
  });
});

describe('account settings', () => {
  it('sets leverage, and margin mode once; the second isolated call is -4046, which ccxt raises as MarginModeAlreadySet', async () => {
    const { ex, double } = await start();
    await ex.loadMarkets();
    const lev = await ex.setLeverage(10, NMR);
    expect(lev).toMatchObject({ leverage: 10, maxNotionalValue: '200000' });
    await expect(ex.setMarginMode('isolated', NMR)).resolves.toMatchObject({ code: 200, msg: 'success' });
    expect(double.state().marginType).toBe('ISOLATED');
    await expect(ex.setMarginMode('isolated', NMR)).rejects.toThrow(MarginModeAlreadySet);
    ex.options.setMarginMode = { throwMarginModeAlreadySet: false };
    await expect(ex.setMarginMode('isolated', NMR)).resolves.toEqual({
      code: -4046,
      msg: 'No need to change margin type.',
    });
  });

  it('reports the wallet through fetchBalance (assets with a non-zero updateTime, ccxt#27997)', async () => {
    const { ex } = await start(flatBars(10, 10), { initialBalance: 2_500 });
    const balance = await ex.fetchBalance();
    expect(balance.USDT).toMatchObject({ free: 2_500, used: 0, total: 2_500 });
  });
});

/**
 * The worked example of NOTES-perps §2 on SYNTHETIC bars: long 400 NMR at 10 with 10x isolated margin,
 * tier 1 (MMR 2 %, cum 0): LP = (400 - 4000) / (400 * 0.02 - 400) = 9.1837.
 */
describe('a trade lifecycle', () => {
  // Bars 0-3 flat at 10; bar 4 dips to 9.4 (a 9.5 stop triggers there); then flat at 9.6.
  const bars = syntheticBars([
    [10, 10, 10, 10],
    [10, 10, 10, 10],
    [10, 10, 10, 10],
    [10, 10, 10, 10],
    [10, 10, 9.4, 9.6],
    [9.6, 9.6, 9.6, 9.6],
    [9.6, 9.6, 9.6, 9.6],
  ]);

  it("fills a market order at the next bar open, shows the position with Portfolio's entry and liquidation price, then a reduce-only stop closes it", async () => {
    const { ex, double } = await start(bars);
    await ex.loadMarkets();
    await ex.setLeverage(10, NMR);
    await ex.setMarginMode('isolated', NMR);

    const entry = await ex.createOrder(NMR, 'market', 'buy', 400, undefined, { clientOrderId: 'entry-1' });
    expect(entry, "a market order fills at once at the forming bar's open").toMatchObject({
      clientOrderId: 'entry-1',
      status: 'closed',
      amount: 400,
      filled: 400,
      average: 10,
    });
    expect(await ex.fetchOrder(String(entry.id), NMR)).toMatchObject({ status: 'closed', filled: 400 });
    const [position] = await ex.fetchPositions([NMR]);
    const reference = new Portfolio({ initialBalance: 10_000, instruments: [NMR_INSTRUMENT] });
    reference.applyFill(
      {
        tradeId: 'ref',
        clientOrderId: 'ref' as never,
        symbol: 'NMRUSDT',
        time: 0 as never,
        side: 'buy',
        quantity: 400,
        price: 10,
        fee: 2,
        liquidity: 'taker',
        slippageCost: 0,
        reduceOnly: false,
      },
      10,
    );
    expect(position).toMatchObject({
      symbol: NMR,
      side: 'long',
      contracts: 400,
      entryPrice: 10,
      marginMode: 'isolated',
    });
    expect(position?.liquidationPrice).toBeCloseTo(reference.liquidationPrice('NMRUSDT') ?? NaN, 8);
    expect(position?.liquidationPrice).toBeCloseTo(3600 / 392, 8);
    const balance = await ex.fetchBalance();
    expect(balance.USDT?.total, 'wallet 10,000 less the 0.05 % taker fee on 4,000').toBeCloseTo(9_998, 8);

    const stop = await ex.createOrder(NMR, 'STOP_MARKET', 'sell', 400, undefined, {
      stopPrice: 9.5,
      reduceOnly: true,
      clientOrderId: 'stop-1',
    });
    expect(double.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/fapi/v1/algoOrder',
      params: {
        type: 'STOP_MARKET',
        triggerPrice: '9.5',
        reduceOnly: 'true',
        clientAlgoId: 'stop-1',
        algoType: 'CONDITIONAL',
      },
    });
    expect(stop).toMatchObject({
      clientOrderId: 'stop-1',
      status: 'open',
      triggerPrice: 9.5,
      reduceOnly: true,
    });
    const openStops = await ex.fetchOpenOrders(NMR, undefined, undefined, { trigger: true });
    expect(openStops.map((o) => o.id)).toEqual([stop.id]);
    expect(await ex.fetchOpenOrders(NMR), 'regular open orders are a separate list').toEqual([]);

    expect(double.advance(4), 'bars 0-3 are flat: the stop waits').toBe(4);
    expect(double.state().position).toBe(400);
    double.advance(1); // bar 4 trades down to 9.4: the stop triggers at 9.5
    expect(double.state()).toMatchObject({ position: 0, openAlgoOrders: 0 });
    expect(await ex.fetchPositions([NMR])).toEqual([]);
    const done = await ex.fetchOrder(String(stop.id), NMR, { trigger: true });
    expect(done.status).toBe('closed');
    const trades = await ex.fetchMyTrades(NMR);
    expect(trades.map((t) => [t.side, t.amount, t.price])).toEqual([
      ['buy', 400, 10],
      ['sell', 400, 9.5],
    ]);
    expect(trades[1]?.fee?.cost).toBeCloseTo(1.9, 10);
    expect((await ex.fetchBalance()).USDT?.total, '10,000 - 200 loss - 2 - 1.9 fees').toBeCloseTo(9_796.1, 8);
  });

  it('cancels a working stop; fetching an unknown client id is OrderNotFound', async () => {
    const { ex, double } = await start(bars);
    await ex.setLeverage(5, NMR); // at the default 20x the dip to 9.4 would liquidate (LP 9.69)
    await ex.createOrder(NMR, 'market', 'buy', 10);
    const stop = await ex.createOrder(NMR, 'STOP_MARKET', 'sell', 10, undefined, {
      stopPrice: 9.5,
      reduceOnly: true,
    });
    const canceled = await ex.cancelOrder(String(stop.id), NMR, { trigger: true });
    expect(canceled).toMatchObject({ id: stop.id });
    expect(await ex.fetchOpenOrders(NMR, undefined, undefined, { trigger: true })).toEqual([]);
    expect((await ex.fetchOrder(String(stop.id), NMR, { trigger: true })).status).toBe('canceled');
    double.advance(5);
    expect(double.state().position, 'the canceled stop did not fire on the dip').toBe(10);
    await expect(ex.fetchOrder('', NMR, { clientOrderId: 'never-sent' })).rejects.toThrow(OrderNotFound);
    await expect(ex.cancelOrder('123', NMR)).rejects.toThrow(OrderNotFound);
  });

  it('refuses a second open order with the same client id (-4116) and accepts it again once the first is done', async () => {
    const { ex, double } = await start(bars);
    await ex.createOrder(NMR, 'limit', 'buy', 10, 9, { clientOrderId: 'dup-1' });
    const err = await ex
      .createOrder(NMR, 'limit', 'buy', 10, 9, { clientOrderId: 'dup-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExchangeError);
    expect(String(err)).toContain('"code":-4116');
    expect(double.state().openOrders).toBe(1);
    await ex.cancelOrder('', NMR, { clientOrderId: 'dup-1' });
    await expect(
      ex.createOrder(NMR, 'limit', 'buy', 10, 9, { clientOrderId: 'dup-1' }),
    ).resolves.toMatchObject({
      clientOrderId: 'dup-1',
      status: 'open',
    });
  });
});

describe('authentication and clock', () => {
  it('answers a bad signature with -1022, which ccxt raises as AuthenticationError', async () => {
    const { double } = await start();
    const ex = await connectCcxt(double, { secret: 'not-the-secret' });
    open.push(ex);
    await expect(ex.fetchBalance()).rejects.toThrow(AuthenticationError);
    expect(double.requests.at(-1)).toMatchObject({ path: '/fapi/v3/account', status: 400 });
  });

  it('answers a timestamp outside recvWindow with -1021 (ccxt InvalidNonce)', async () => {
    const { ex, double } = await start();
    double.faults.set({ clockSkewMs: 60_000 });
    await expect(ex.fetchBalance()).rejects.toThrow(InvalidNonce);
    double.faults.set({ clockSkewMs: 0 });
    await expect(ex.fetchBalance()).resolves.toBeDefined();
  });
});

describe('closePosition stops', () => {
  it('sizes a closePosition STOP_MARKET to the whole position and closes it when triggered', async () => {
    const { ex, double } = await start(
      syntheticBars([
        [10, 10, 10, 10],
        [10, 10, 9.4, 9.6],
        [9.6, 9.6, 9.6, 9.6],
      ]),
    );
    await ex.setLeverage(5, NMR);
    await ex.createOrder(NMR, 'market', 'sell', 30);
    await ex.createOrder(NMR, 'market', 'buy', 10); // short 20 left
    const stop = await ex.createOrder(NMR, 'STOP_MARKET', 'buy', 0, undefined, {
      stopPrice: 10.5,
      closePosition: true,
    });
    expect(double.requests.at(-1)?.params).toMatchObject({ closePosition: 'true', triggerPrice: '10.5' });
    expect(double.requests.at(-1)?.params.quantity).toBeUndefined();
    expect(stop).toMatchObject({ amount: 20, triggerPrice: 10.5 });
    const sellStop = await ex
      .createOrder(NMR, 'STOP_MARKET', 'buy', 0, undefined, {
        stopPrice: 9.5,
        closePosition: true,
      })
      .catch((e: unknown) => e);
    expect(String(sellStop), 'a buy stop below the market would trigger at once: -2021').toContain('-2021');
    double.advance(2);
    expect(double.state().position, 'the dip does not reach a buy stop at 10.5').toBe(-20);
  });
});
