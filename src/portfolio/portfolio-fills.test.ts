import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/index.js';
import { Portfolio } from './portfolio.js';
import { at, fillMaker, instrument } from './test-fixtures.js';

function setup() {
  const portfolio = new Portfolio({
    initialBalance: 10_000,
    instruments: [instrument('NMRUSDT'), instrument('ETHUSDT')],
  });
  return { portfolio, fill: fillMaker() };
}

describe('Portfolio.applyFill fees and PnL', () => {
  it('charges the taker fee on open and on close and pays the realised PnL into the wallet', () => {
    const { portfolio, fill } = setup();
    // Open 100 @ 10, taker 0.0005: fee = 100 × 10 × 0.0005 = 0.5.
    portfolio.applyFill(fill({ side: 'buy', quantity: 100, price: 10, fee: 100 * 10 * 0.0005 }), 10);
    expect(portfolio.walletBalance, 'wallet 10000 − 0.5').toBeCloseTo(9_999.5, 12);
    expect(portfolio.position('NMRUSDT')?.isolatedMargin, 'margin 1000 / 10').toBe(100);

    // Close at 11: PnL = 100 × (11 − 10) = +100; fee = 100 × 11 × 0.0005 = 0.55.
    const effect = portfolio.applyFill(
      fill({ side: 'sell', quantity: 100, price: 11, fee: 100 * 11 * 0.0005 }),
      10,
    );
    expect(effect.realisedPnl, 'closing 100 one dollar higher').toBeCloseTo(100, 12);
    expect(effect.closedQuantity).toBe(100);
    expect(effect.positionAfter, 'flat after the close').toBeUndefined();
    expect(effect.closedPosition?.feesPaid, 'both fees belong to the closed position').toBeCloseTo(1.05, 12);
    expect(portfolio.walletBalance, '10000 − 0.5 + 100 − 0.55').toBeCloseTo(10_098.95, 9);
    expect(portfolio.marginUsed(), 'no margin left in use').toBe(0);
  });
});

describe('Portfolio.applyFill sizing', () => {
  it('averages the entry by quantity and adds margin per fill on an increase', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 100, price: 10 }), 10);
    const effect = portfolio.applyFill(fill({ side: 'buy', quantity: 300, price: 12 }), 10);
    // Entry (100 × 10 + 300 × 12) / 400 = 11.5; margin 1000/10 + 3600/10 = 460.
    expect(effect.openedQuantity).toBe(300);
    expect(effect.positionAfter?.quantity).toBe(400);
    expect(effect.positionAfter?.entryPrice, 'quantity-weighted average entry').toBeCloseTo(11.5, 12);
    expect(effect.positionAfter?.isolatedMargin, '100 + 360').toBeCloseTo(460, 12);
  });

  it('releases margin in proportion to the quantity closed by a partial reduce', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 100, price: 10 }), 10);
    portfolio.applyFill(fill({ side: 'buy', quantity: 300, price: 12 }), 10);
    const effect = portfolio.applyFill(fill({ side: 'sell', quantity: 100, price: 13 }), 10);
    // PnL = 100 × (13 − 11.5) = 150; margin 460 × 300/400 = 345 (115 released).
    expect(effect.realisedPnl, 'closed 100 at 1.5 above entry').toBeCloseTo(150, 12);
    expect(effect.positionAfter?.quantity).toBe(300);
    expect(effect.positionAfter?.entryPrice, 'a reduce keeps the entry').toBeCloseTo(11.5, 12);
    expect(effect.positionAfter?.isolatedMargin, '460 × 3/4').toBeCloseTo(345, 12);
    expect(effect.positionAfter?.realisedPnl).toBeCloseTo(150, 12);
    expect(portfolio.walletBalance, 'wallet gets the PnL').toBeCloseTo(10_150, 9);
    expect(portfolio.availableBalance(), '10150 − 345').toBeCloseTo(9_805, 9);
  });

  it('realises a short reduce with the sign flipped', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'sell', quantity: 200, price: 10 }), 10);
    const effect = portfolio.applyFill(fill({ side: 'buy', quantity: 50, price: 9 }), 10);
    // Short PnL = 50 × (9 − 10) × −1 = +50; margin 200 × 150/200 = 150.
    expect(effect.realisedPnl, 'a short gains when price falls').toBeCloseTo(50, 12);
    expect(effect.positionAfter?.quantity).toBe(-150);
    expect(effect.positionAfter?.isolatedMargin).toBeCloseTo(150, 12);
  });

  it('flips long to short in one fill: closes all, opens the rest at the fill price', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 400, price: 10, time: at(0) }), 10);
    // Sell 600 @ 9 at 5x, fee 600 × 9 × 0.0005 = 2.7.
    const effect = portfolio.applyFill(
      fill({ side: 'sell', quantity: 600, price: 9, fee: 2.7, time: at(1) }),
      5,
    );
    expect(effect.realisedPnl, '400 × (9 − 10)').toBeCloseTo(-400, 12);
    expect(effect.closedQuantity).toBe(400);
    expect(effect.openedQuantity).toBe(200);
    expect(effect.closedPosition?.quantity, 'the closed long, as it was').toBe(400);
    expect(effect.closedPosition?.feesPaid, 'closing leg: 2.7 × 400/600').toBeCloseTo(1.8, 12);
    const after = effect.positionAfter;
    expect(after?.quantity, 'short the remaining 200').toBe(-200);
    expect(after?.entryPrice).toBe(9);
    expect(after?.isolatedMargin, '200 × 9 / 5').toBeCloseTo(360, 12);
    expect(after?.feesPaid, 'opening leg: 2.7 × 200/600').toBeCloseTo(0.9, 12);
    expect(after?.openedAt, 'a flip opens a new position').toBe(at(1));
    expect(portfolio.walletBalance, '10000 − 400 − 2.7').toBeCloseTo(9_597.3, 9);
  });

  it('closes exactly when float residue is left, leaving no dust position', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 0.3, price: 10 }), 10);
    portfolio.applyFill(fill({ side: 'sell', quantity: 0.1, price: 10 }), 10);
    const effect = portfolio.applyFill(fill({ side: 'sell', quantity: 0.2, price: 10 }), 10);
    expect(effect.positionAfter, '0.3 − 0.1 − 0.2 is flat, not 5.5e-17').toBeUndefined();
    expect(effect.openedQuantity).toBe(0);
  });
});

describe('Portfolio.applyFill idempotency and invariants', () => {
  it('ignores a repeated trade id and reports it', () => {
    const { portfolio, fill } = setup();
    const f = fill({ side: 'buy', quantity: 100, price: 10, fee: 0.5 });
    expect(portfolio.applyFill(f, 10).duplicate).toBe(false);
    const again = portfolio.applyFill(f, 10);
    expect(again.duplicate, 'the second delivery is recognised').toBe(true);
    expect(again.openedQuantity).toBe(0);
    expect(portfolio.position('NMRUSDT')?.quantity, 'still 100, not 200').toBe(100);
    expect(portfolio.walletBalance, 'the fee is charged once').toBeCloseTo(9_999.5, 12);
  });

  it('keeps trade ids apart per symbol', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 1, price: 10, tradeId: '7' }), 10);
    const eth = portfolio.applyFill(
      fill({ side: 'buy', quantity: 1, price: 10, tradeId: '7', symbol: 'ETHUSDT' }),
      10,
    );
    expect(eth.duplicate, 'Binance trade ids are unique per symbol only').toBe(false);
  });

  it('crashes on NaN price, non-positive quantity, leverage <= 0 and unknown symbols', () => {
    const { portfolio, fill } = setup();
    expect(() => portfolio.applyFill(fill({ side: 'buy', quantity: 1, price: Number.NaN }), 10)).toThrow(
      InvariantError,
    );
    expect(() => portfolio.applyFill(fill({ side: 'buy', quantity: 0, price: 10 }), 10)).toThrow(
      InvariantError,
    );
    expect(() => portfolio.applyFill(fill({ side: 'buy', quantity: -1, price: 10 }), 10)).toThrow(
      InvariantError,
    );
    expect(() => portfolio.applyFill(fill({ side: 'buy', quantity: 1, price: 10 }), 0)).toThrow(
      InvariantError,
    );
    expect(() =>
      portfolio.applyFill(fill({ side: 'buy', quantity: 1, price: 10, symbol: 'BTC' }), 5),
    ).toThrow(/unknown symbol BTC/);
    expect(portfolio.position('NMRUSDT'), 'nothing was applied').toBeUndefined();
  });
});

describe('Portfolio valuation', () => {
  it('values positions on the last mark: equity = wallet + unrealised PnL', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 400, price: 10, fee: 2 }), 10);
    portfolio.applyFill(fill({ side: 'sell', quantity: 2, price: 3000, symbol: 'ETHUSDT' }), 5);
    expect(portfolio.unrealisedPnl(), 'no mark yet: valued at entry').toBe(0);
    portfolio.markToMarket('NMRUSDT', 10.5);
    portfolio.markToMarket('ETHUSDT', 3100);
    // NMR: 400 × 0.5 = +200; ETH short: −2 × 100 = −200.
    expect(portfolio.unrealisedPnl('NMRUSDT')).toBeCloseTo(200, 12);
    expect(portfolio.unrealisedPnl('ETHUSDT')).toBeCloseTo(-200, 12);
    expect(portfolio.equity(), '9998 + 200 − 200').toBeCloseTo(9_998, 9);
    expect(portfolio.marginUsed(), '4000/10 + 6000/5').toBeCloseTo(1_600, 9);
    const snap = portfolio.snapshot();
    expect(snap).toMatchObject({ wallet: 9_998, marginUsed: 1_600 });
    expect(snap.positions.map((p) => p.symbol)).toEqual(['NMRUSDT', 'ETHUSDT']);
  });

  it('hands out frozen position snapshots', () => {
    const { portfolio, fill } = setup();
    portfolio.applyFill(fill({ side: 'buy', quantity: 1, price: 10 }), 10);
    const p = portfolio.position('NMRUSDT');
    expect(Object.isFrozen(p), 'callers cannot edit the book').toBe(true);
    expect(portfolio.position('ETHUSDT')).toBeUndefined();
  });

  it('crashes on a NaN mark', () => {
    const { portfolio } = setup();
    expect(() => portfolio.markToMarket('NMRUSDT', Number.NaN)).toThrow(InvariantError);
  });
});
