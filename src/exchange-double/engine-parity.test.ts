import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClientOrderId, epochMs, type Fill, OrderStatus } from '../core/index.js';
import { CandleSeriesBuilder } from '../data/index.js';
import { DEFAULT_SLIPPAGE, SimVenue, type VenueEvent } from '../execution/index.js';
import { Portfolio } from '../portfolio/index.js';
import { BinanceError } from './binance-error.js';
import { ExchangeEngine } from './exchange-engine.js';
import { NMR_INSTRUMENT } from './instrument.js';
import { MINUTE, T0 } from './test-helpers.js';

/** One decision at a bar: a market order (maybe reduce-only) or a reduce-only protective stop. */
interface Action {
  readonly bar: number;
  readonly kind: 'market' | 'stop';
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly reduceOnly: boolean;
  /** Stop trigger as a fraction below (sell) or above (buy) the last price. */
  readonly offset: number;
}

const BARS = 40;
const SLIPPAGE = DEFAULT_SLIPPAGE; // the sqrt-impact model: fills slip in both runs alike

/** SYNTHETIC random-walk bars around 10 USDT. */
const barsArb = fc.array(
  fc.record({
    move: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
    wick: fc.double({ min: 0, max: 0.02, noNaN: true }),
    volume: fc.integer({ min: 0, max: 5_000 }),
  }),
  { minLength: BARS, maxLength: BARS },
);
const actionsArb = fc.array(
  fc.record({
    bar: fc.integer({ min: 0, max: BARS - 2 }),
    kind: fc.constantFrom('market' as const, 'stop' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    quantity: fc.integer({ min: 1, max: 300 }).map((n) => n / 10),
    reduceOnly: fc.boolean(),
    offset: fc.double({ min: 0.002, max: 0.03, noNaN: true }),
  }),
  { maxLength: 12 },
);

function buildBars(steps: { move: number; wick: number; volume: number }[]) {
  const b = new CandleSeriesBuilder('1m', steps.length);
  let price = 10;
  steps.forEach((s, i) => {
    const open = price;
    const close = Math.round(open * (1 + s.move) * 1000) / 1000;
    const high = Math.max(open, close) * (1 + s.wick);
    const low = Math.min(open, close) * (1 - s.wick);
    b.push(T0 + i * MINUTE, open, high, low, close, s.volume);
    price = close;
  });
  return b.build();
}

const stopTrigger = (a: Action, last: number): number =>
  Math.round(last * (a.side === 'sell' ? 1 - a.offset : 1 + a.offset) * 1000) / 1000;

/** What the double did: its fills (from the Portfolio-facing trade list) and the final wallet. */
function runDouble(steps: Parameters<typeof buildBars>[0], actions: readonly Action[]) {
  const engine = new ExchangeEngine({
    series: buildBars(steps),
    slippage: SLIPPAGE,
    maxBarVolumeFraction: 0.2,
  });
  engine.setLeverage(5);
  for (let bar = 0; bar < BARS - 1; bar++) {
    for (const [n, a] of actions.entries()) {
      if (a.bar !== bar) continue;
      const side = a.side === 'buy' ? 'BUY' : 'SELL';
      try {
        if (a.kind === 'market')
          engine.placeOrder({
            side,
            type: 'MARKET',
            quantity: a.quantity,
            timeInForce: 'GTC',
            reduceOnly: a.reduceOnly,
            clientOrderId: `c${n}`,
          });
        else
          engine.placeAlgo({
            side,
            quantity: a.quantity,
            triggerPrice: stopTrigger(a, engine.replay.lastPrice),
            reduceOnly: true,
            closePosition: false,
            clientAlgoId: `c${n}`,
            workingType: 'CONTRACT_PRICE',
          });
      } catch (err) {
        if (!(err instanceof BinanceError)) throw err;
      }
    }
    engine.advance();
  }
  const fills = engine.ledger.trades().map((t) => [t.side.toLowerCase(), t.qty, t.price, t.commission]);
  const stopsFilled = engine.ledger.orders().filter((o) => o.origType === 'STOP_MARKET').length;
  return { fills, wallet: engine.portfolio.walletBalance, stopsFilled };
}

/** The same decisions on SimVenue + Portfolio driven as run-backtest.ts drives them. */
function runBacktestLoop(steps: Parameters<typeof buildBars>[0], actions: readonly Action[]) {
  const series = buildBars(steps);
  const venue = new SimVenue({ instrument: NMR_INSTRUMENT, slippage: SLIPPAGE, maxBarVolumeFraction: 0.2 });
  const portfolio = new Portfolio({ initialBalance: 10_000, instruments: [NMR_INSTRUMENT] });
  const fills: Fill[] = [];
  const apply = (events: readonly VenueEvent[]): void => {
    for (const e of events) {
      if (e.type === 'fill') {
        portfolio.applyFill(e.fill, 5);
        fills.push(e.fill);
      } else if (e.type === 'liquidation') portfolio.liquidate(e.symbol, e.time);
    }
  };
  let last = series.at(0).open;
  for (let bar = 0; bar < BARS - 1; bar++) {
    const candle = series.at(bar);
    for (const [n, a] of actions.entries()) {
      if (a.bar !== bar) continue;
      const base = {
        clientOrderId: `c${n}` as ClientOrderId,
        symbol: 'NMRUSDT',
        side: a.side,
        quantity: a.quantity,
      };
      const state = venue.submit(
        a.kind === 'market'
          ? { ...base, type: 'market', reduceOnly: a.reduceOnly }
          : { ...base, type: 'stop_market', triggerPrice: stopTrigger(a, candle.open), reduceOnly: true },
        candle.openTime,
        last,
      );
      if (state.status === OrderStatus.Rejected) continue;
      if (a.kind === 'market') apply(venue.onBarOpen(candle, candle.openTime));
    }
    apply(venue.onBarOpen(candle, candle.openTime));
    const pos = portfolio.position('NMRUSDT');
    apply(
      venue.onBarClose(candle, epochMs(candle.openTime + MINUTE), {
        liquidationPrice: portfolio.liquidationPrice('NMRUSDT'),
        positionSide: pos ? (pos.quantity > 0 ? 'long' : 'short') : undefined,
      }),
    );
    last = candle.close;
  }
  return { fills: fills.map((f) => [f.side, f.quantity, f.price, f.fee]), wallet: portfolio.walletBalance };
}

describe('the double matches on SimVenue and accounts on Portfolio, nothing else', () => {
  it('gives the same fills and wallet as SimVenue + Portfolio driven like the backtest (SYNTHETIC bars)', () => {
    let fills = 0;
    let stopFills = 0;
    fc.assert(
      fc.property(barsArb, actionsArb, (steps, actions) => {
        const double = runDouble(steps, actions);
        const backtest = runBacktestLoop(steps, actions);
        expect(double.fills).toEqual(backtest.fills);
        fills += double.fills.length;
        stopFills += double.stopsFilled;
        expect(double.wallet).toBeCloseTo(backtest.wallet, 9);
      }),
      { seed: 20261126, numRuns: 60 },
    );
    expect(fills, 'the runs did trade').toBeGreaterThan(60);
    expect(stopFills, 'stops triggered and filled').toBeGreaterThan(5);
  });
});
