import { tierForNotional } from '../portfolio/index.js';
import type { ExchangeEngine } from './exchange-engine.js';
import { formatDecimal, money } from './wire-format.js';

/** The position and balance endpoints' rows, computed from the engine's Portfolio. */

interface PositionNumbers {
  readonly amount: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly unrealized: number;
  readonly liquidationPrice: number;
  readonly isolatedMargin: number;
  readonly notional: number;
  readonly maintMargin: number;
  readonly updateTime: number;
}

function positionNumbers(e: ExchangeEngine): PositionNumbers {
  const symbol = e.instrument.symbol;
  const p = e.portfolio.position(symbol);
  const mark = e.replay.lastPrice;
  if (p === undefined) {
    return {
      amount: 0,
      entryPrice: 0,
      markPrice: mark,
      unrealized: 0,
      liquidationPrice: 0,
      isolatedMargin: 0,
      notional: 0,
      maintMargin: 0,
      updateTime: e.positionUpdateTime,
    };
  }
  const notional = p.quantity * mark;
  const tier = tierForNotional(e.instrument.marginTiers, Math.abs(notional));
  return {
    amount: p.quantity,
    entryPrice: p.entryPrice,
    markPrice: mark,
    unrealized: e.portfolio.unrealisedPnl(symbol),
    liquidationPrice: e.portfolio.liquidationPrice(symbol) ?? 0,
    isolatedMargin: p.isolatedMargin,
    notional,
    maintMargin: Math.abs(notional) * tier.mmr - tier.cum,
    updateTime: e.positionUpdateTime,
  };
}

/** `/fapi/v3/positionRisk` (v3 has no leverage or marginType; ccxt reads isolation from isolatedMargin). */
export function positionRiskV3(e: ExchangeEngine): Record<string, unknown>[] {
  const n = positionNumbers(e);
  if (n.amount === 0) return [];
  const initial = Math.abs(n.notional) / e.leverage;
  return [
    {
      symbol: e.instrument.symbol,
      positionSide: 'BOTH',
      positionAmt: formatDecimal(n.amount),
      entryPrice: formatDecimal(n.entryPrice),
      breakEvenPrice: formatDecimal(n.entryPrice),
      markPrice: money(n.markPrice),
      unRealizedProfit: money(n.unrealized),
      liquidationPrice: formatDecimal(n.liquidationPrice),
      isolatedMargin: money(n.isolatedMargin + n.unrealized),
      notional: money(n.notional),
      marginAsset: 'USDT',
      isolatedWallet: money(n.isolatedMargin),
      initialMargin: money(initial),
      maintMargin: money(n.maintMargin),
      positionInitialMargin: money(initial),
      openOrderInitialMargin: money(e.openOrderMargin()),
      adl: 0,
      bidNotional: '0',
      askNotional: '0',
      updateTime: n.updateTime,
    },
  ];
}

/** `/fapi/v2/positionRisk`: one row per symbol, flat ones included, with leverage and marginType. */
export function positionRiskV2(e: ExchangeEngine): Record<string, unknown>[] {
  const n = positionNumbers(e);
  const tier = e.instrument.marginTiers.filter((t) => t.maxLeverage >= e.leverage).at(-1);
  return [
    {
      symbol: e.instrument.symbol,
      positionAmt: formatDecimal(n.amount),
      entryPrice: formatDecimal(n.entryPrice),
      breakEvenPrice: formatDecimal(n.entryPrice),
      markPrice: money(n.markPrice),
      unRealizedProfit: money(n.unrealized),
      liquidationPrice: formatDecimal(n.liquidationPrice),
      leverage: String(e.leverage),
      maxNotionalValue: formatDecimal(tier?.notionalCap ?? 0),
      marginType: e.marginType === 'ISOLATED' ? 'isolated' : 'cross',
      isolatedMargin: money(n.amount === 0 ? 0 : n.isolatedMargin + n.unrealized),
      isAutoAddMargin: 'false',
      positionSide: 'BOTH',
      notional: money(n.notional),
      isolatedWallet: money(n.isolatedMargin),
      updateTime: n.updateTime,
    },
  ];
}

/** The USDT asset row shared by the account and balance endpoints. */
function usdt(e: ExchangeEngine): Record<string, string | number | boolean> {
  const wallet = e.portfolio.walletBalance;
  const unrealized = e.portfolio.unrealisedPnl();
  const positionMargin = e.portfolio.marginUsed();
  const orderMargin = e.openOrderMargin();
  const available = e.portfolio.availableBalance() - orderMargin;
  const maint = positionNumbers(e).maintMargin;
  return {
    asset: 'USDT',
    walletBalance: money(wallet),
    unrealizedProfit: money(unrealized),
    marginBalance: money(wallet + unrealized),
    maintMargin: money(maint),
    initialMargin: money(positionMargin + orderMargin),
    positionInitialMargin: money(positionMargin),
    openOrderInitialMargin: money(orderMargin),
    crossWalletBalance: money(wallet - positionMargin),
    crossUnPnl: '0.00000000',
    availableBalance: money(available),
    maxWithdrawAmount: money(Math.max(0, available)),
    marginAvailable: true,
    // ccxt skips assets whose updateTime is 0 (ccxt#27997): always a real time.
    updateTime: Math.max(1, e.now()),
  };
}

/** `/fapi/v2|v3/account`. */
export function accountJson(e: ExchangeEngine): Record<string, unknown> {
  const a = usdt(e);
  return {
    totalInitialMargin: a.initialMargin,
    totalMaintMargin: a.maintMargin,
    totalWalletBalance: a.walletBalance,
    totalUnrealizedProfit: a.unrealizedProfit,
    totalMarginBalance: a.marginBalance,
    totalPositionInitialMargin: a.positionInitialMargin,
    totalOpenOrderInitialMargin: a.openOrderInitialMargin,
    totalCrossWalletBalance: a.crossWalletBalance,
    totalCrossUnPnl: '0.00000000',
    availableBalance: a.availableBalance,
    maxWithdrawAmount: a.maxWithdrawAmount,
    canTrade: true,
    canDeposit: true,
    canWithdraw: true,
    assets: [a],
    positions: positionRiskV3(e).map((p) => ({
      symbol: p.symbol,
      positionSide: 'BOTH',
      positionAmt: p.positionAmt,
      unrealizedProfit: p.unRealizedProfit,
      isolatedMargin: p.isolatedMargin,
      notional: p.notional,
      isolatedWallet: p.isolatedWallet,
      initialMargin: p.initialMargin,
      maintMargin: p.maintMargin,
      updateTime: p.updateTime,
    })),
  };
}

/** `/fapi/v2|v3/balance`. */
export function balanceJson(e: ExchangeEngine): Record<string, unknown>[] {
  const a = usdt(e);
  return [
    {
      accountAlias: 'double',
      asset: 'USDT',
      balance: a.walletBalance,
      crossWalletBalance: a.crossWalletBalance,
      crossUnPnl: '0.00000000',
      availableBalance: a.availableBalance,
      maxWithdrawAmount: a.maxWithdrawAmount,
      marginAvailable: true,
      updateTime: a.updateTime,
    },
  ];
}
