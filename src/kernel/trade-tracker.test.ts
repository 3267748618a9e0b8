import { describe, expect, it } from 'vitest';
import type { ClientOrderId, Fill, Side } from '../core/index.js';
import { Portfolio } from '../portfolio/index.js';
import { at, instrument } from '../portfolio/test-fixtures.js';
import type { ManualNote } from './manual-order.types.js';
import { TradeTracker, isManualTrade } from './trade-tracker.js';
import type { TradeRecord } from './trade.types.js';

const SYMBOL = 'NMRUSDT';
const LEVERAGE = 2;
const TAKER = 0.0005;

/** The kernel's wiring of one fill: the portfolio decides the effect, the tracker books it. */
function trading(): {
  fill: (
    hour: number,
    side: Side,
    quantity: number,
    price: number,
    tag: string,
    slippageCost?: number,
    manual?: ManualNote,
  ) => void;
  funding: (hour: number, rate: number, markPrice: number) => void;
  tracker: TradeTracker;
  portfolio: Portfolio;
} {
  const portfolio = new Portfolio({ initialBalance: 100_000, instruments: [instrument(SYMBOL)] });
  const tracker = new TradeTracker();
  let next = 1;
  return {
    tracker,
    portfolio,
    fill: (hour, side, quantity, price, tag, slippageCost = 0, manual = undefined) => {
      const f: Fill = {
        tradeId: `f${next++}`,
        clientOrderId: `o-${tag}` as ClientOrderId,
        symbol: SYMBOL,
        time: at(hour),
        side,
        quantity,
        price,
        fee: TAKER * quantity * price,
        liquidity: 'taker',
        slippageCost,
        reduceOnly: false,
        tag,
      };
      tracker.onFill(f, portfolio.applyFill(f, LEVERAGE), LEVERAGE, undefined, manual);
    },
    funding: (hour, rate, markPrice) => {
      const cash = portfolio.settleFunding(SYMBOL, at(hour), rate, markPrice);
      if (cash !== undefined) tracker.onFunding(SYMBOL, cash);
    },
  };
}

/** The figures of a trade worth checking, floats rounded to 1e-9. */
function figures(t: TradeRecord | undefined): Record<string, unknown> {
  if (!t) return {};
  const r = (x: number): number => Math.round(x * 1e9) / 1e9;
  return {
    id: t.id,
    side: t.side,
    signalType: t.signalType,
    entryTime: t.entryTime,
    entryPrice: r(t.entryPrice),
    exitTime: t.exitTime,
    exitPrice: r(t.exitPrice),
    quantity: r(t.quantity),
    exitReason: t.exitReason,
    grossPnl: r(t.grossPnl),
    fees: r(t.fees),
    funding: r(t.funding),
    slippageCost: r(t.slippageCost),
    netPnl: r(t.netPnl),
    liquidated: t.liquidated,
  };
}

describe('TradeTracker', () => {
  // Regression (engine property counterexample, seed 1078819983): fills of 2684.4 + 2670.3 sum to
  // 5354.700000000001 in float; selling 4487.4 then 867.3 leaves 1.1e-12 on a running sum. The
  // portfolio closes the position (relative tolerance), but the tracker used its own sum against an
  // absolute 1e-12, kept trade 1 open and booked the next trade's fills and PnL on it.
  it('books a long closed in split fills whose float sum leaves dust, then a re-entry that flips, as three trades', () => {
    const { fill, funding, tracker, portfolio } = trading();
    fill(0, 'buy', 2684.4, 10, 'entry'); // fee 13.422
    fill(1, 'buy', 2670.3, 10, 'entry'); // fee 13.3515
    fill(2, 'sell', 4487.4, 11, 'exit'); // fee 24.6807
    fill(3, 'sell', 867.3, 11, 'exit'); // fee 4.77015: the position is closed here
    expect(portfolio.position(SYMBOL), 'the portfolio is flat after the second sell').toBeUndefined();
    expect(tracker.closed, 'trade 1 closes with the position').toHaveLength(1);

    fill(4, 'buy', 1000, 12, 'reentry'); // fee 6
    funding(5, 0.0001, 12); // long 1000 at mark 12 pays 1.2
    fill(6, 'sell', 600, 13, 'flip'); // fee 3.9, PnL 600
    // Closes the last 400 (PnL 400 x 0.5 = 200) and opens a short of 500 at 12.5. Fee 5.625 and
    // slippage 0.9 split by quantity: 400/900 to the closed long (2.5, 0.4), 500/900 to the short (3.125, 0.5).
    fill(7, 'sell', 900, 12.5, 'flip', 0.9);
    fill(8, 'buy', 500, 12, 'cover'); // fee 3, PnL 500 x 0.5 = 250

    expect(tracker.closed.map(figures)).toEqual([
      {
        id: 1,
        side: 'long',
        signalType: 'entry',
        entryTime: at(0),
        entryPrice: 10,
        exitTime: at(3),
        exitPrice: 11,
        quantity: 5354.7,
        exitReason: 'exit',
        grossPnl: 5354.7, // 5354.7 x (11 - 10)
        fees: 56.22435, // 0.0005 x (53547 + 58901.7)
        funding: 0,
        slippageCost: 0,
        netPnl: 5298.47565,
        liquidated: false,
      },
      {
        id: 2,
        side: 'long',
        signalType: 'reentry',
        entryTime: at(4),
        entryPrice: 12,
        exitTime: at(7),
        exitPrice: 12.8, // (600 x 13 + 400 x 12.5) / 1000
        quantity: 1000,
        exitReason: 'flip',
        grossPnl: 800, // 600 x 1 + 400 x 0.5
        fees: 12.4, // 6 + 3.9 + 2.5
        funding: -1.2,
        slippageCost: 0.4,
        netPnl: 786.4,
        liquidated: false,
      },
      {
        id: 3,
        side: 'short',
        signalType: 'flip',
        entryTime: at(7),
        entryPrice: 12.5,
        exitTime: at(8),
        exitPrice: 12,
        quantity: 500,
        exitReason: 'cover',
        grossPnl: 250, // 500 x (12.5 - 12)
        fees: 6.125, // 3.125 + 3
        funding: 0,
        slippageCost: 0.5,
        netPnl: 243.875,
        liquidated: false,
      },
    ]);
    const booked = tracker.closed.reduce((sum, t) => sum + t.netPnl, 0);
    expect(booked, 'the trades book exactly what the wallet gained').toBeCloseTo(
      portfolio.walletBalance - 100_000,
      9,
    );
    expect(tracker.openTrade(SYMBOL), 'nothing left open').toBeUndefined();
  });

  it('keeps a trade open through a partial reduce and books a reduce that crosses zero as close plus open', () => {
    const { fill, tracker } = trading();
    fill(0, 'sell', 300, 20, 'short'); // fee 3
    fill(1, 'buy', 100, 19, 'cut'); // fee 0.95, PnL 100
    expect(tracker.closed, 'a partial reduce closes no trade').toHaveLength(0);
    expect(tracker.openTrade(SYMBOL)?.held).toBeCloseTo(200, 12);
    fill(2, 'buy', 250, 18, 'long'); // fee 2.25: closes 200 (PnL 400, fee 1.8), opens 50 long (fee 0.45)
    expect(tracker.closed.map(figures)).toEqual([
      {
        id: 1,
        side: 'short',
        signalType: 'short',
        entryTime: at(0),
        entryPrice: 20,
        exitTime: at(2),
        exitPrice: 18.333333333, // (100 x 19 + 200 x 18) / 300
        quantity: 300,
        exitReason: 'long',
        grossPnl: 500,
        fees: 5.75, // 3 + 0.95 + 1.8
        funding: 0,
        slippageCost: 0,
        netPnl: 494.25,
        liquidated: false,
      },
    ]);
    const open = tracker.openTrade(SYMBOL);
    expect(open?.side).toBe('long');
    expect(open?.held, 'the long left open').toBeCloseTo(50, 12);
    expect(open?.entryNotional, '50 x 18').toBeCloseTo(900, 12);
    expect(open?.fees, 'the opening share of the fee, 2.25 x 50 / 250').toBeCloseTo(0.45, 12);
  });

  it('marks every trade a manual fill touches as manual, with the first manual note', () => {
    const { fill, tracker } = trading();
    const first: ManualNote = { operatorNote: 'flip it', mood: 'fomo', confidence: 0.25 };
    fill(0, 'buy', 10, 10, 'momentum'); // automatic long
    fill(1, 'sell', 25, 11, 'manual', 0, first); // manual flip: closes the long, opens a short of 15
    fill(2, 'buy', 5, 10.5, 'stop_loss'); // automatic reduction of the manual short
    fill(3, 'buy', 10, 10, 'manual', 0, { operatorNote: 'second note' }); // manual close
    fill(4, 'buy', 10, 10, 'momentum'); // automatic again
    fill(5, 'sell', 10, 10.2, 'momentum');
    const [auto, flipped, later] = tracker.closed;
    expect(tracker.closed).toHaveLength(3);
    expect(auto).toMatchObject({ side: 'long', signalType: 'momentum', exitReason: 'manual' });
    expect(auto && isManualTrade(auto), 'the manual flip closed it').toBe(true);
    expect(auto).toMatchObject({ origin: 'manual', operatorNote: 'flip it', mood: 'fomo', confidence: 0.25 });
    expect(flipped).toMatchObject({
      side: 'short',
      signalType: 'manual',
      exitReason: 'manual',
      quantity: 15,
      origin: 'manual',
      operatorNote: 'flip it',
    });
    expect(later && isManualTrade(later)).toBe(false);
    expect(later && 'origin' in later, 'an automatic trade carries no origin field').toBe(false);
  });
});
