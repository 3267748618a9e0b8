import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { Portfolio } from './portfolio.js';
import { fillMaker, instrument, T0 } from './test-fixtures.js';

const SYMBOLS = ['NMRUSDT', 'ETHUSDT'] as const;
const INITIAL = 10_000;

const symbol = fc.constantFrom(...SYMBOLS);
const price = fc.double({ min: 1, max: 100, noNaN: true });
const command = fc.oneof(
  fc.record({
    kind: fc.constant('fill' as const),
    symbol,
    side: fc.constantFrom('buy' as const, 'sell' as const),
    quantity: fc.integer({ min: 1, max: 50_000 }).map((n) => n / 10),
    price,
    leverage: fc.integer({ min: 1, max: 20 }),
    feeRate: fc.constantFrom(0.0002, 0.0005, 0),
  }),
  fc.record({
    kind: fc.constant('funding' as const),
    symbol,
    rate: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
    price,
  }),
  fc.record({ kind: fc.constant('mark' as const), symbol, price }),
  fc.record({ kind: fc.constant('liquidate' as const), symbol }),
);

/** |a − b| within 1e-9 of the scale of the numbers involved. */
function expectClose(actual: number, expected: number, scale: number, message: string): void {
  expect(Math.abs(actual - expected), message).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));
}

describe('Portfolio invariants (property)', () => {
  it('keeps equity, wallet flows, margins and liquidation losses consistent over random histories', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), (commands) => {
        const portfolio = new Portfolio({
          initialBalance: INITIAL,
          instruments: SYMBOLS.map((s) => instrument(s)),
        });
        const fill = fillMaker();
        const marks = new Map<string, number>();
        let flows = 0; // Σ realised PnL − fees + funding, as reported by the return values
        let flowScale = INITIAL; // Σ |flow|, for the float tolerance

        const liquidate = (s: string, time: EpochMs, gapPrice?: number): void => {
          const marginBefore = portfolio.position(s)?.isolatedMargin ?? 0;
          const r = portfolio.liquidate(s, time, gapPrice);
          const loss = -(r.realisedPnl - r.fee);
          expect(loss, 'a liquidation never loses more than the isolated margin').toBeLessThanOrEqual(
            marginBefore * (1 + 1e-9) + 1e-9,
          );
          expect(r.marginReturned, 'margin returned is never negative').toBeGreaterThanOrEqual(-1e-9);
          expect(r.fee, 'the liquidation fee is never negative').toBeGreaterThanOrEqual(-1e-9);
          flows += r.realisedPnl - r.fee;
          flowScale += Math.abs(r.realisedPnl) + Math.abs(r.fee);
        };

        commands.forEach((c, step) => {
          const time = (T0 + step * 60_000) as EpochMs;
          if (c.kind === 'fill') {
            const fee = c.quantity * c.price * c.feeRate;
            const f = fill({
              symbol: c.symbol,
              side: c.side,
              quantity: c.quantity,
              price: c.price,
              fee,
              time,
            });
            const effect = portfolio.applyFill(f, c.leverage);
            expect(
              effect.closedQuantity + effect.openedQuantity,
              'a fill closes or opens its quantity',
            ).toBeCloseTo(c.quantity, 9);
            flows += effect.realisedPnl - fee;
            flowScale += Math.abs(effect.realisedPnl) + fee + c.quantity * c.price;
          } else if (c.kind === 'funding') {
            const cash = portfolio.settleFunding(c.symbol, time, c.rate, c.price) ?? 0;
            flows += cash;
            flowScale += Math.abs(cash);
          } else if (c.kind === 'mark') {
            portfolio.markToMarket(c.symbol, c.price);
            marks.set(c.symbol, c.price);
            const p = portfolio.position(c.symbol);
            const lp = portfolio.liquidationPrice(c.symbol);
            // What the kernel does: liquidate when the mark reaches LP, at the mark if it gapped through.
            if (p !== undefined && lp !== undefined && Math.sign(p.quantity) * (c.price - lp) <= 0) {
              liquidate(c.symbol, time, c.price);
            }
          } else if (portfolio.liquidationPrice(c.symbol) !== undefined) {
            liquidate(c.symbol, time);
          }

          let unrealised = 0;
          let unrealisedScale = 0;
          for (const p of portfolio.positions()) {
            expect(
              p.isolatedMargin,
              `${p.symbol} margin is never negative while open`,
            ).toBeGreaterThanOrEqual(0);
            expect(p.quantity, 'an open position has a size').not.toBe(0);
            const mark = marks.get(p.symbol) ?? p.entryPrice;
            unrealised += p.quantity * (mark - p.entryPrice);
            unrealisedScale += Math.abs(p.quantity * mark) + Math.abs(p.quantity * p.entryPrice);
          }
          const wallet = portfolio.walletBalance;
          expectClose(
            portfolio.equity(),
            wallet + unrealised,
            Math.abs(wallet) + unrealisedScale,
            'equity = wallet + unrealised PnL on the last marks',
          );
          expectClose(wallet, INITIAL + flows, flowScale, 'wallet change = Σ realised PnL − fees + funding');
        });
      }),
      { numRuns: 3000 },
    );
  });
});
