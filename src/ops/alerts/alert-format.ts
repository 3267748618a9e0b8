import { isoTime } from '../../core/index.js';
import type { TradeRecord } from '../../kernel/index.js';
import type { RiskDecision } from '../../risk/index.js';
import type { Alert } from './alert.types.js';

/** USDT amounts with two decimals and a sign: +12.50, -3.07. */
export function signedUsdt(x: number): string {
  const r = Math.round(x * 100) / 100;
  return `${r >= 0 ? '+' : '-'}${Math.abs(r).toFixed(2)}`;
}

export function tradeOpenAlert(
  symbol: string,
  side: 'long' | 'short',
  quantity: number,
  price: number,
  time: number,
  tag: string | undefined,
): Alert {
  return {
    kind: 'trade_open',
    time,
    title: `Opened ${side} ${symbol}`,
    lines: [`${quantity} at ${price}`, `signal ${tag ?? 'unknown'}`],
    data: { symbol, side, quantity, price, signal: tag ?? null },
  };
}

export function tradeCloseAlert(t: TradeRecord): Alert {
  return {
    kind: 'trade_close',
    time: t.exitTime,
    title: `Closed ${t.side} ${t.symbol}: ${signedUsdt(t.netPnl)} USDT`,
    lines: [
      `${t.quantity} from ${t.entryPrice} to ${t.exitPrice} (${t.exitReason})`,
      `gross ${signedUsdt(t.grossPnl)}, fees ${t.fees.toFixed(2)}, funding ${signedUsdt(t.funding)}`,
    ],
    data: {
      tradeId: t.id,
      symbol: t.symbol,
      side: t.side,
      quantity: t.quantity,
      entryPrice: t.entryPrice,
      exitPrice: t.exitPrice,
      exitReason: t.exitReason,
      signal: t.signalType,
      grossPnl: t.grossPnl,
      fees: t.fees,
      funding: t.funding,
      netPnl: t.netPnl,
      liquidated: t.liquidated,
    },
  };
}

/** The alert for a risk decision that changes the bot's state; refusals and resizes give none. */
export function riskAlert(d: RiskDecision): Alert | undefined {
  const data = { symbol: d.symbol, rule: d.rule, outcome: d.outcome, message: d.message };
  if (d.outcome === 'flatten')
    return {
      kind: 'circuit_breaker',
      time: d.time,
      title: `Circuit breaker tripped on ${d.symbol}`,
      lines: [d.message, 'closing every position, entries halted'],
      data,
    };
  if (d.outcome === 'halted')
    return { kind: 'halt', time: d.time, title: `Entries halted (${d.rule})`, lines: [d.message], data };
  if (d.outcome === 'resumed')
    return { kind: 'resume', time: d.time, title: `Entries resumed (${d.rule})`, lines: [d.message], data };
  return undefined;
}

export function errorAlert(time: number, message: string): Alert {
  return { kind: 'error', time, title: 'Error', lines: [message], data: { message } };
}

/** The generic webhook body: `{ event, time, title, text, data }`. */
export function webhookBody(alert: Alert): string {
  return JSON.stringify({
    event: alert.kind,
    time: isoTime(alert.time),
    title: alert.title,
    text: alert.lines.join('\n'),
    data: alert.data,
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Bot API `sendMessage` body in HTML parse mode: a bold title, then the lines. */
export function telegramBody(alert: Alert, chatId: string): string {
  const text = [
    `<b>${escapeHtml(alert.title)}</b>`,
    ...alert.lines.map(escapeHtml),
    `<i>${isoTime(alert.time)}</i>`,
  ].join('\n');
  return JSON.stringify({ chat_id: chatId, text, parse_mode: 'HTML', disable_web_page_preview: true });
}
