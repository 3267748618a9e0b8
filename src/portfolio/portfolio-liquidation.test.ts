import { describe, expect, it } from 'vitest';
import { InvariantError } from '../core/index.js';
import { Portfolio } from './portfolio.js';
import { at, fillMaker, instrument, TIER_1_ONLY } from './test-fixtures.js';

function withPosition(side: 'buy' | 'sell', leverage = 10, liquidationFeeRate = 0.015) {
  const portfolio = new Portfolio({
    initialBalance: 10_000,
    instruments: [instrument('NMRUSDT', { marginTiers: TIER_1_ONLY, liquidationFeeRate })],
  });
  portfolio.applyFill(fillMaker()({ side, quantity: 400, price: 10, time: at(0) }), leverage);
  return portfolio;
}

describe('Portfolio.liquidate', () => {
  it('matches the NOTES-perps example: long 400 @ 10, 10x, fee 1.5 % loses 381.63 of 400', () => {
    const portfolio = withPosition('buy');
    const r = portfolio.liquidate('NMRUSDT', at(5));
    // LP = 3600/392 = 9.183673; PnL = 400 × (LP − 10) = −326.53; notional at LP = 3,673.47;
    // fee = 1.5 % × 3,673.47 = 55.10; returned = 400 − 326.53 − 55.10 = 18.37.
    expect(r.price).toBeCloseTo(3600 / 392, 12);
    expect(r.realisedPnl, 'PnL at LP').toBeCloseTo(-326.53, 2);
    expect(r.fee, 'liquidation fee on the notional at LP').toBeCloseTo(55.1, 2);
    expect(r.marginReturned, 'what is left of the isolated margin').toBeCloseTo(18.37, 2);
    expect(-(r.realisedPnl - r.fee), 'loss: 95 % of the margin').toBeCloseTo(381.63, 2);
    expect(portfolio.walletBalance, '10000 − 381.63').toBeCloseTo(9_618.37, 2);
    expect(portfolio.position('NMRUSDT'), 'the position is gone').toBeUndefined();
    expect(portfolio.marginUsed()).toBe(0);
    expect(r.closedPosition.feesPaid).toBeCloseTo(55.1, 2);
  });

  it('liquidates a short at 10.7843 with the same fee rule', () => {
    const r = withPosition('sell').liquidate('NMRUSDT', at(5));
    // LP = 4400/408; PnL = −400 × (LP − 10) = −313.73; fee = 1.5 % × 400 × LP = 64.71; left 21.57.
    expect(r.price).toBeCloseTo(10.7843, 4);
    expect(r.realisedPnl).toBeCloseTo(-313.7255, 4);
    expect(r.fee).toBeCloseTo(64.7059, 4);
    expect(r.marginReturned).toBeCloseTo(21.5686, 4);
  });

  it('caps the loss at the margin when the mark gaps through the liquidation price', () => {
    const portfolio = withPosition('buy');
    // Closed at 8.50 instead of 9.18: 400 × (8.5 − 10) = −600 > margin 400, the insurance fund pays the rest.
    const r = portfolio.liquidate('NMRUSDT', at(5), 8.5);
    expect(r.price).toBe(8.5);
    expect(r.realisedPnl, 'floored at −margin').toBe(-400);
    expect(r.fee, 'nothing left to charge a fee on').toBe(0);
    expect(r.marginReturned).toBe(0);
    expect(portfolio.walletBalance, 'loses exactly the isolated margin').toBe(9_600);
  });

  it('caps the fee at the margin left when the fee rate exceeds the maintenance rate', () => {
    const portfolio = withPosition('buy', 10, 0.03);
    const r = portfolio.liquidate('NMRUSDT', at(5));
    // Margin left at LP = 400 − 326.53 = 73.47 (= 2 % × 3,673.47) < 3 % × 3,673.47 = 110.20.
    expect(r.fee, 'capped at the 73.47 left').toBeCloseTo(73.47, 2);
    expect(r.marginReturned).toBeCloseTo(0, 9);
    expect(portfolio.walletBalance, 'loses exactly the margin').toBeCloseTo(9_600, 9);
  });

  it('liquidates at the price moved by funding', () => {
    const portfolio = withPosition('buy');
    portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2);
    const r = portfolio.liquidate('NMRUSDT', at(9));
    // LP = 3602.04 / 392; margin left 397.96 + 400 × (LP − 10) = 2 % of the notional at LP.
    expect(r.price).toBeCloseTo(3602.04 / 392, 12);
    expect(r.marginReturned, 'margin left minus the 1.5 % fee').toBeCloseTo(0.005 * 400 * (3602.04 / 392), 9);
  });

  it('crashes with no position, with a gap price better than LP, or when the long cannot be liquidated', () => {
    const flat = new Portfolio({ initialBalance: 0, instruments: [instrument('NMRUSDT')] });
    expect(() => flat.liquidate('NMRUSDT', at(1))).toThrow(/no open position/);
    expect(() => withPosition('buy').liquidate('NMRUSDT', at(1), 9.5)).toThrow(/better than the liquidation/);
    expect(() => withPosition('buy', 1).liquidate('NMRUSDT', at(1)), '1x long: LP <= 0').toThrow(
      InvariantError,
    );
  });
});
