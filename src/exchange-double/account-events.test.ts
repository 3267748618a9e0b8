import { afterEach, describe, expect, it } from 'vitest';
import { HOUR_MS, epochMs } from '../core/index.js';
import { Portfolio } from '../portfolio/index.js';
import { NMR_INSTRUMENT } from './instrument.js';
import { NMR, Opened, T0, flatBars, startWithCcxt, syntheticBars } from './test-helpers.js';

const opened = new Opened();
afterEach(() => opened.closeAll());

describe('funding through ccxt (SYNTHETIC flat bars at 10, constant +0.05 % every 4 h)', () => {
  it('charges a long 400 x 10 x 0.0005 = 2 USDT at 16:00 and reports it as income and funding rate', async () => {
    // T0 is 12:00 UTC: the 12:00 settlement is history, the next is 16:00 (bar 240 of 1m bars).
    const { double, ex } = await startWithCcxt(opened, {
      series: flatBars(300, 10),
      funding: { rate: 0.0005, intervalHours: 4 },
    });
    await ex.setLeverage(10, NMR);
    await ex.createOrder(NMR, 'market', 'buy', 400);
    const before = await ex.fetchFundingRate(NMR);
    expect(before, 'the 12:00 settlement is the last one').toMatchObject({
      fundingRate: 0.0005,
      fundingTimestamp: T0 + 4 * HOUR_MS,
      markPrice: 10,
    });
    double.advance(239);
    expect(await ex.fetchFundingHistory(NMR), 'nothing due before 16:00').toEqual([]);
    double.advance(1);
    const [paid] = await ex.fetchFundingHistory(NMR);
    expect(paid).toMatchObject({ amount: -2, timestamp: T0 + 4 * HOUR_MS, symbol: NMR });
    expect((await ex.fetchBalance()).USDT?.total, '10,000 - 2 taker fee - 2 funding').toBeCloseTo(9_996, 8);
    expect(await ex.fetchFundingRate(NMR)).toMatchObject({
      fundingRate: 0.0005,
      fundingTimestamp: T0 + 8 * HOUR_MS,
    });
    const history = await ex.fetchFundingRateHistory(NMR);
    expect(history.map((h) => [h.timestamp, h.fundingRate])).toEqual([
      [T0, 0.0005],
      [T0 + 4 * HOUR_MS, 0.0005],
    ]);
  });
});

describe('liquidation through ccxt (SYNTHETIC bars)', () => {
  it("closes a 20x long at Portfolio's liquidation price when the bar trades through it, with the liquidation fee", async () => {
    // Long 400 at 10, 20x isolated: LP = (200 - 4000) / (400 x 0.02 - 400) = 9.6939; bar 2 dips to 9.5.
    const { double, ex } = await startWithCcxt(opened, {
      series: syntheticBars([
        [10, 10, 10, 10],
        [10, 10, 10, 10],
        [10, 10, 9.5, 9.8],
        [9.8, 9.8, 9.8, 9.8],
      ]),
    });
    await ex.setMarginMode('isolated', NMR);
    await ex.createOrder(NMR, 'market', 'buy', 400);
    const [position] = await ex.fetchPositions([NMR]);
    expect(position?.liquidationPrice).toBeCloseTo(3800 / 392, 8);
    double.advance(3);
    expect(await ex.fetchPositions([NMR])).toEqual([]);
    const trades = await ex.fetchMyTrades(NMR);
    expect(trades.at(-1)).toMatchObject({ side: 'sell', amount: 400 });
    expect(trades.at(-1)?.price).toBeCloseTo(3800 / 392, 8);

    const reference = new Portfolio({ initialBalance: 10_000, instruments: [NMR_INSTRUMENT] });
    reference.applyFill(
      {
        tradeId: 'e',
        clientOrderId: 'e' as never,
        symbol: 'NMRUSDT',
        time: epochMs(T0),
        side: 'buy',
        quantity: 400,
        price: 10,
        fee: 2,
        liquidity: 'taker',
        slippageCost: 0,
        reduceOnly: false,
      },
      20,
    );
    const result = reference.liquidate('NMRUSDT', epochMs(T0 + 3 * 60_000));
    expect(trades.at(-1)?.fee?.cost, 'the liquidation fee, as Portfolio charges it').toBeCloseTo(
      result.fee,
      8,
    );
    expect((await ex.fetchBalance()).USDT?.total).toBeCloseTo(reference.walletBalance, 8);
  });
});
