import { describe, expect, it } from 'vitest';
import { epochMs, InvariantError } from '../core/index.js';
import { Portfolio } from './portfolio.js';
import { at, fillMaker, instrument } from './test-fixtures.js';

function withPosition(side: 'buy' | 'sell', quantity = 400, openedAt = at(0)) {
  const portfolio = new Portfolio({ initialBalance: 10_000, instruments: [instrument('NMRUSDT')] });
  const fill = fillMaker();
  portfolio.applyFill(fill({ side, quantity, price: 10, time: openedAt }), 10);
  return { portfolio, fill };
}

describe('Portfolio.settleFunding signs (NOTES-perps §1 worked example)', () => {
  it('makes a long pay 400 × 10.20 × 0.0005 = 2.04 on a positive rate', () => {
    const { portfolio } = withPosition('buy');
    const cash = portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2);
    expect(cash, 'negative = paid').toBeCloseTo(-2.04, 12);
    expect(portfolio.walletBalance).toBeCloseTo(9_997.96, 9);
    expect(portfolio.position('NMRUSDT')?.fundingPaid, 'positive = paid').toBeCloseTo(2.04, 12);
  });

  it('makes a short receive 2.04 on the same positive rate', () => {
    const { portfolio } = withPosition('sell');
    expect(portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2)).toBeCloseTo(2.04, 12);
    expect(portfolio.walletBalance).toBeCloseTo(10_002.04, 9);
    expect(portfolio.position('NMRUSDT')?.fundingPaid, 'negative = received').toBeCloseTo(-2.04, 12);
  });

  it('makes a long receive 2.04 and a short pay 2.04 on a negative rate', () => {
    expect(withPosition('buy').portfolio.settleFunding('NMRUSDT', at(8), -0.0005, 10.2)).toBeCloseTo(
      2.04,
      12,
    );
    expect(withPosition('sell').portfolio.settleFunding('NMRUSDT', at(8), -0.0005, 10.2)).toBeCloseTo(
      -2.04,
      12,
    );
  });
});

describe('Portfolio.settleFunding schedule', () => {
  it('settles 4 h rates at whatever timestamps it is given', () => {
    const { portfolio } = withPosition('buy');
    // 0.005 % per 4 h at marks 10.0, 10.2, 9.8: 0.2 + 0.204 + 0.196 = 0.6 paid.
    const flows = [
      portfolio.settleFunding('NMRUSDT', at(0), 0.00005, 10),
      portfolio.settleFunding('NMRUSDT', at(4), 0.00005, 10.2),
      portfolio.settleFunding('NMRUSDT', at(8), 0.00005, 9.8),
    ];
    expect(flows[1], '400 × 10.2 × 0.00005').toBeCloseTo(-0.204, 12);
    expect(portfolio.position('NMRUSDT')?.fundingPaid, 'three 4 h settlements').toBeCloseTo(0.6, 12);
  });

  it('settles 8 h rates of both signs the same way', () => {
    const { portfolio } = withPosition('sell');
    // Short 400: +0.01 % at 10 receives 0.4, −0.345 % at 9 pays 12.42, +0.01 % at 10 receives 0.4.
    const flows = [
      portfolio.settleFunding('NMRUSDT', at(0), 0.0001, 10),
      portfolio.settleFunding('NMRUSDT', at(8), -0.00345, 9),
      portfolio.settleFunding('NMRUSDT', at(16), 0.0001, 10),
    ];
    expect(flows[0]).toBeCloseTo(0.4, 12);
    expect(flows[1], 'the short pays in a negative squeeze').toBeCloseTo(-12.42, 12);
    expect(portfolio.walletBalance, '10000 + 0.4 − 12.42 + 0.4').toBeCloseTo(9_988.38, 9);
  });

  it('settles nothing when flat, or for a position opened after the timestamp', () => {
    const flat = new Portfolio({ initialBalance: 10_000, instruments: [instrument('NMRUSDT')] });
    expect(flat.settleFunding('NMRUSDT', at(8), 0.0005, 10.2), 'no position, no flow').toBeUndefined();
    expect(flat.walletBalance).toBe(10_000);

    const late = withPosition('buy', 400, epochMs(at(8) + 1));
    expect(late.portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2), 'opened 1 ms after').toBeUndefined();
    expect(late.portfolio.walletBalance).toBe(10_000);
  });

  it('charges a position opened exactly at the timestamp (boundary rule: openedAt <= t pays)', () => {
    const { portfolio } = withPosition('buy', 400, at(8));
    expect(portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2)).toBeCloseTo(-2.04, 12);
  });

  it('settles nothing for a position closed before the timestamp', () => {
    const { portfolio, fill } = withPosition('buy');
    portfolio.applyFill(fill({ side: 'sell', quantity: 400, price: 10, time: at(7) }), 10);
    expect(portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2)).toBeUndefined();
  });

  it('crashes on a NaN rate or mark', () => {
    const { portfolio } = withPosition('buy');
    expect(() => portfolio.settleFunding('NMRUSDT', at(8), Number.NaN, 10)).toThrow(InvariantError);
    expect(() => portfolio.settleFunding('NMRUSDT', at(8), 0.0001, Number.NaN)).toThrow(InvariantError);
  });
});

describe('Portfolio.settleFunding and isolated margin', () => {
  it('takes funding from the isolated margin, which moves the liquidation price', () => {
    const { portfolio } = withPosition('buy');
    // Before: (400 − 4000) / (8 − 400) = 9.183673.
    expect(portfolio.liquidationPrice('NMRUSDT')).toBeCloseTo(3600 / 392, 12);
    portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2);
    expect(portfolio.position('NMRUSDT')?.isolatedMargin, '400 − 2.04').toBeCloseTo(397.96, 12);
    // After: (397.96 − 4000) / (8 − 400) = 3602.04 / 392 = 9.188878.
    expect(portfolio.liquidationPrice('NMRUSDT'), 'paying funding brings LP closer').toBeCloseTo(
      3602.04 / 392,
      12,
    );
    expect(portfolio.availableBalance(), 'the free balance is untouched: 9997.96 − 397.96').toBeCloseTo(
      9_600,
      9,
    );
  });

  it('adds received funding to the isolated margin', () => {
    const { portfolio } = withPosition('sell');
    portfolio.settleFunding('NMRUSDT', at(8), 0.0005, 10.2);
    expect(portfolio.position('NMRUSDT')?.isolatedMargin, '400 + 2.04').toBeCloseTo(402.04, 12);
    // Short: (402.04 + 4000) / (8 + 400) = 10.789314.
    expect(portfolio.liquidationPrice('NMRUSDT')).toBeCloseTo(4402.04 / 408, 12);
  });

  it('never drives the margin below zero; the excess comes from the free balance', () => {
    const { portfolio } = withPosition('buy', 10);
    // Margin 10; an absurd 20 % rate at 10 costs 20.
    expect(portfolio.settleFunding('NMRUSDT', at(8), 0.2, 10)).toBeCloseTo(-20, 12);
    expect(portfolio.position('NMRUSDT')?.isolatedMargin, 'emptied, not negative').toBe(0);
    expect(portfolio.walletBalance, 'the whole payment leaves the wallet').toBeCloseTo(9_980, 9);
  });
});
