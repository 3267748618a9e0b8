import { describe, expect, it } from 'vitest';
import type { ClientOrderId, EpochMs, Fill } from '../../core/index.js';
import type { JournalRiskDecision, LiquidationRecord, RunRecord } from '../../journal/index.js';
import { breakerAt, journalState, replayFills } from './journal-state.js';

const SYMBOL = 'NMR/USDT:USDT';
const H = 3_600_000;
const T = Date.UTC(2025, 0, 6);

let n = 0;
function fill(time: number, side: 'buy' | 'sell', quantity: number, price: number, fee = 0): Fill {
  n += 1;
  return {
    tradeId: `t${n}`,
    clientOrderId: `o${n}` as ClientOrderId,
    symbol: SYMBOL,
    time: time as EpochMs,
    side,
    quantity,
    price,
    fee,
    liquidity: 'taker',
    slippageCost: 0,
    reduceOnly: false,
  };
}

function halt(
  seq: number,
  time: number,
  outcome: JournalRiskDecision['outcome'],
  rule: JournalRiskDecision['rule'],
  until?: number,
): JournalRiskDecision {
  return {
    seq,
    time: time as EpochMs,
    symbol: SYMBOL,
    rule,
    outcome,
    origin: 'auto',
    message: `${rule} ${outcome}`,
    numbers: until === undefined ? {} : { haltedUntil: until },
  };
}

const RUN: RunRecord = {
  id: 'paper-synthetic-1',
  kind: 'paper',
  strategy: 'hand',
  exchange: 'synthetic',
  symbol: SYMBOL,
  timeframe: '1h',
  startedAt: T,
  finishedAt: undefined,
  config: { initialBalance: 1000, risk: { maxLeverage: 3, maxMarginFraction: 0.4 } },
  synthetic: true,
  summary: null,
};

describe('replayFills (hand-worked, SYNTHETIC fills)', () => {
  it('averages entries, realises closed quantity and opens the rest of a flip at the fill price', () => {
    // buy 2 @ 10 and 2 @ 12: long 4 @ 11; sell 3 @ 13: +6; sell 3 @ 9: closes 1 (-2), short 2 @ 9.
    const { books, pricePnl } = replayFills(
      [
        fill(T, 'buy', 2, 10),
        fill(T + H, 'buy', 2, 12),
        fill(T + 2 * H, 'sell', 3, 13),
        fill(T + 3 * H, 'sell', 3, 9),
      ],
      [],
    );
    expect(pricePnl).toBe(6 - 2);
    expect([...books.entries()]).toEqual([[SYMBOL, { quantity: -2, entryPrice: 9 }]]);
  });

  it('closes the position at a liquidation (which has no fill) and takes its realised PnL', () => {
    const liquidation: LiquidationRecord = {
      time: T + 2 * H,
      symbol: SYMBOL,
      quantity: 5,
      price: 6,
      entryPrice: 10,
      leverage: 2,
      realisedPnl: -20,
      fee: 0.5,
      marginReturned: 4.5,
    };
    const { books, pricePnl } = replayFills(
      [fill(T, 'buy', 5, 10), fill(T + 3 * H, 'buy', 1, 7)],
      [liquidation],
    );
    expect(pricePnl).toBe(-20);
    expect([...books.entries()]).toEqual([[SYMBOL, { quantity: 1, entryPrice: 7 }]]);
  });
});

describe('breakerAt', () => {
  const decisions = [
    halt(1, T, 'refused', 'margin_cap'),
    halt(2, T, 'flatten', 'circuit_breaker', T + 4 * H),
    halt(3, T + H, 'halted', 'daily_loss_halt', T + 6 * H),
    halt(4, T + 6 * H, 'resumed', 'daily_loss_halt', T + 6 * H),
  ];
  it('is halted until the latest end of any halt, by the rule that ends last', () => {
    expect(breakerAt(decisions, T + 2 * H)).toEqual({
      state: 'halted',
      rule: 'daily_loss_halt',
      until: T + 6 * H,
      calmRemainingMs: 4 * H,
    });
  });
  it('is active once every halt has ended, and with no halt at all', () => {
    const active = { state: 'active', rule: undefined, until: undefined, calmRemainingMs: 0 };
    expect(breakerAt(decisions, T + 6 * H)).toEqual(active);
    expect(breakerAt(decisions.slice(0, 1), T)).toEqual(active);
    expect(breakerAt([], null)).toEqual(active);
  });
});

describe('journalState (hand-worked rows of a SYNTHETIC paper run)', () => {
  const empty = {
    run: RUN,
    fills: [],
    trades: [],
    riskDecisions: [],
    funding: [],
    liquidations: [],
    equity: [],
    lastTarget: undefined,
    weights: undefined,
  };

  it('before any row: nothing invented', () => {
    const s = journalState(empty, 0);
    expect(s.time).toBeNull();
    expect(s.account).toEqual({
      startingEquity: 1000,
      equity: 1000,
      realisedPnl: 0,
      unrealisedPnl: 0,
      fees: 0,
      funding: 0,
    });
    expect(s.journal.equitySource).toBe('fills');
    expect(s.funding).toBeNull();
    expect(s.signals).toEqual({ score: null, families: [] });
  });

  it('an open short with a funding payment: equity from the starting balance, the fills and the mark', () => {
    const s = journalState(
      {
        ...empty,
        fills: [fill(T, 'sell', 10, 20, 0.2)],
        funding: [
          {
            time: T + 8 * H,
            symbol: SYMBOL,
            rate: 0.001,
            intervalHours: 8,
            markPrice: 19,
            cashflow: 0.19,
            source: 'real',
          },
        ],
        lastTarget: { time: T + 9 * H, price: 18, snapshot: undefined },
      },
      7,
    );
    expect(s.version).toBe(7);
    expect(s.time).toBe(T + 9 * H);
    expect(s.positions).toEqual([
      {
        symbol: SYMBOL,
        quantity: -10,
        entryPrice: 20,
        markPrice: 18,
        leverage: Number.NaN,
        unrealisedPnl: 20,
      },
    ]);
    // 1000 - 0.2 fee + 0.19 funding + 20 unrealised
    expect(s.account.equity).toBeCloseTo(1019.99, 12);
    expect(s.account.realisedPnl, 'no closed trade yet').toBe(0);
    expect(s.exposure.leverage).toBeCloseTo(180 / 1019.99, 12);
    // Short 10 at mark 18, rate 0.1 %: receives 0.18 at the next settlement.
    expect(s.funding).toMatchObject({
      rate: 0.001,
      intervalHours: 8,
      lastSettlement: T + 8 * H,
      nextSettlement: T + 16 * H,
    });
    expect(s.funding?.expectedPayment).toBeCloseTo(0.18, 15);
  });

  it('leverage and margin from an equity row written after the last fill, for the same position', () => {
    const s = journalState(
      {
        ...empty,
        fills: [fill(T, 'buy', 10, 20)],
        equity: [
          {
            time: T + H,
            equity: 1010,
            wallet: 1000,
            unrealisedPnl: 10,
            marginUsed: 100,
            position: 10,
            price: 21,
          },
        ],
      },
      1,
    );
    expect(s.positions[0]?.leverage).toBe(2);
    expect(s.exposure.marginUsed).toBe(100);
    expect(s.exposure.marginUtilisation).toBe(100 / (0.4 * 1010));
    expect(s.account.equity).toBe(1010);
    expect(s.journal.equitySource).toBe('equity table');
  });
});
