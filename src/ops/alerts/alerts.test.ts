import { afterEach, describe, expect, it } from 'vitest';
import { runBacktest } from '../../backtest/index.js';
import { H, T0, exactSpec, flatBars, storeHourlyBars, tempStore } from '../../backtest/test-helpers.js';
import { defaultConfig, parseConfig } from '../../config/index.js';
import type { EpochMs } from '../../core/index.js';
import type { TradeRecord } from '../../kernel/index.js';
import type { RiskDecision } from '../../risk/index.js';
import type { Strategy } from '../../strategy/index.js';
import { AlertObserver } from './alert-observer.js';
import { AlertSender } from './alert-sender.js';
import { alertTargets } from './alert-targets.js';
import type { Alert } from './alert.types.js';
import { startDigestTimer } from './digest-timer.js';
import { deadUrl, startReceiver } from './test-receiver.js';

const TOKEN = '123456:TEST-token-never-logged';
const CHAT = '-1001234567890';
const ALL_EVENTS = defaultConfig().alerts.events;

/** A hand-made closed trade (synthetic numbers): long 100 NMR from 13 to 13.5. */
const TRADE: TradeRecord = {
  id: 7,
  symbol: 'NMR/USDT:USDT',
  side: 'long',
  signalType: 'momentum',
  entryTime: Date.UTC(2025, 0, 6, 9) as EpochMs,
  entryPrice: 13,
  exitTime: Date.UTC(2025, 0, 6, 15) as EpochMs,
  exitPrice: 13.5,
  quantity: 100,
  leverage: 3,
  exitReason: 'time_exit',
  grossPnl: 50,
  fees: 1.32,
  funding: -0.39,
  slippageCost: 0,
  netPnl: 48.29,
  liquidated: false,
};

const TRIP: RiskDecision = {
  time: Date.UTC(2025, 0, 6, 12) as EpochMs,
  symbol: 'NMR/USDT:USDT',
  rule: 'circuit_breaker',
  outcome: 'flatten',
  message: 'price moved -10.0% in 15 min (low 11.7 vs 13), over 8%',
  numbers: { move: -0.1 },
  origin: 'auto',
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function receiver(script?: { status: number; body: string }[]) {
  const r = await startReceiver(script);
  cleanups.push(() => r.close());
  return r;
}

function configFor(webhookBase: string, telegramBase: string) {
  const config = parseConfig(
    { alerts: { telegram: { chatId: CHAT, baseUrl: telegramBase } } },
    'test',
  ).alerts;
  const env = { NMRBOT_ALERT_WEBHOOK_URL: `${webhookBase}/hook`, NMRBOT_TELEGRAM_TOKEN: TOKEN };
  return alertTargets(config, env);
}

describe('alerts to a real local receiver', () => {
  it('sends a trade close and a breaker trip as the exact webhook and Telegram payloads', async () => {
    const hook = await receiver();
    const tg = await receiver();
    const { targets, missing } = configFor(hook.url, tg.url);
    expect(missing).toEqual([]);
    const sender = new AlertSender({ targets, queueSize: 10, maxAttempts: 3, warn: () => {} });
    const observer = new AlertObserver({ send: (a) => sender.send(a), events: ALL_EVENTS });
    observer.onTrade(TRADE);
    observer.onRiskDecision(TRIP);
    await sender.flush();

    expect(hook.received.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/hook'],
      ['POST', '/hook'],
    ]);
    expect(JSON.parse(hook.received[0]?.body ?? '')).toEqual({
      event: 'trade_close',
      time: '2025-01-06T15:00:00.000Z',
      title: 'Closed long NMR/USDT:USDT: +48.29 USDT',
      text: '100 from 13 to 13.5 (time_exit)\ngross +50.00, fees 1.32, funding -0.39',
      data: {
        tradeId: 7,
        symbol: 'NMR/USDT:USDT',
        side: 'long',
        quantity: 100,
        entryPrice: 13,
        exitPrice: 13.5,
        exitReason: 'time_exit',
        signal: 'momentum',
        grossPnl: 50,
        fees: 1.32,
        funding: -0.39,
        netPnl: 48.29,
        liquidated: false,
      },
    });
    expect(JSON.parse(hook.received[1]?.body ?? '')).toEqual({
      event: 'circuit_breaker',
      time: '2025-01-06T12:00:00.000Z',
      title: 'Circuit breaker tripped on NMR/USDT:USDT',
      text: 'price moved -10.0% in 15 min (low 11.7 vs 13), over 8%\nclosing every position, entries halted',
      data: {
        symbol: 'NMR/USDT:USDT',
        rule: 'circuit_breaker',
        outcome: 'flatten',
        message: 'price moved -10.0% in 15 min (low 11.7 vs 13), over 8%',
      },
    });

    expect(tg.received.map((r) => r.path)).toEqual([`/bot${TOKEN}/sendMessage`, `/bot${TOKEN}/sendMessage`]);
    expect(JSON.parse(tg.received[0]?.body ?? '')).toEqual({
      chat_id: CHAT,
      text:
        '<b>Closed long NMR/USDT:USDT: +48.29 USDT</b>\n100 from 13 to 13.5 (time_exit)\n' +
        'gross +50.00, fees 1.32, funding -0.39\n<i>2025-01-06T15:00:00.000Z</i>',
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    });
    expect(JSON.parse(tg.received[1]?.body ?? '')).toEqual({
      chat_id: CHAT,
      text:
        '<b>Circuit breaker tripped on NMR/USDT:USDT</b>\nprice moved -10.0% in 15 min (low 11.7 vs 13), over 8%\n' +
        'closing every position, entries halted\n<i>2025-01-06T12:00:00.000Z</i>',
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    });
    expect(sender.delivered).toBe(4);
  });

  it("waits Telegram's retry_after on a 429, then delivers", async () => {
    const tg = await receiver([
      {
        status: 429,
        body: '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}',
      },
    ]);
    const waits: number[] = [];
    const { targets } = configFor('http://unused.invalid', tg.url);
    const sender = new AlertSender({
      targets: targets.filter((t) => t.name === 'telegram'),
      queueSize: 10,
      maxAttempts: 3,
      warn: () => {},
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    sender.send(new AlertObserver({ send: () => {}, events: [] }).digest(T0));
    await sender.flush();
    expect(waits).toEqual([3000]);
    expect(tg.received).toHaveLength(2);
    expect(tg.received[0]?.body).toBe(tg.received[1]?.body);
    expect([sender.delivered, sender.failed]).toEqual([1, 0]);
  });

  it('backs off doubling on 5xx and gives up with a warning that never shows the token', async () => {
    const tg = await receiver(Array.from({ length: 3 }, () => ({ status: 502, body: 'bad gateway' })));
    const waits: number[] = [];
    const warnings: string[] = [];
    const { targets } = configFor('http://unused.invalid', tg.url);
    const sender = new AlertSender({
      targets: targets.filter((t) => t.name === 'telegram'),
      queueSize: 10,
      maxAttempts: 3,
      backoffMs: 500,
      warn: (m) => warnings.push(m),
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    sender.send({ kind: 'error', time: T0, title: 'Error', lines: ['x'], data: {} });
    await sender.flush();
    expect(waits).toEqual([500, 1000]);
    expect(warnings).toEqual(['alert to telegram not delivered (error: Error): HTTP 502']);
    expect(sender.failed).toBe(1);
  });

  it('drops the oldest waiting alert when the queue is full and counts it', async () => {
    const hook = await receiver();
    const warnings: string[] = [];
    const sender = new AlertSender({
      targets: [{ name: 'webhook', url: `${hook.url}/hook`, body: (a) => a.title }],
      queueSize: 2,
      maxAttempts: 1,
      warn: (m) => warnings.push(m),
    });
    const alert = (title: string): Alert => ({ kind: 'error', time: T0, title, lines: [], data: {} });
    for (const t of ['a', 'b', 'c', 'd']) sender.send(alert(t)); // 'a' is in flight at once
    await sender.flush();
    expect(hook.received.map((r) => r.body)).toEqual(['a', 'c', 'd']);
    expect(sender.dropped).toBe(1);
    expect(warnings).toEqual(['alert queue full (2): dropped the oldest (error: b); 1 dropped so far']);
  });

  it('a receiver that is down does not stop a synthetic backtest (same result as without alerts)', async () => {
    const dead = await deadUrl();
    const warnings: string[] = [];
    const { targets } = configFor(dead, dead);
    const sender = new AlertSender({
      targets,
      queueSize: 50,
      maxAttempts: 2,
      warn: (m) => warnings.push(m),
      sleep: () => Promise.resolve(),
    });
    const observer = new AlertObserver({ send: (a) => sender.send(a), events: ALL_EVENTS });
    const t = tempStore();
    try {
      storeHourlyBars(t.store, flatBars(13, 12)); // hand-made flat bars (synthetic)
      const strategy: Strategy = {
        name: 'open-close',
        onBar(bar, ctx) {
          const hour = (bar.closeTime - T0) / H;
          if (hour === 7) ctx.setTarget({ side: 'long', leverage: 1, tag: 'momentum' });
          if (hour === 9) ctx.setTarget({ side: 'flat', tag: 'exit' });
        },
      };
      const spec = { ...exactSpec({ initialBalance: 1000, leverage: 1 }), strategy };
      const withAlerts = runBacktest(t.store, { ...spec, observer });
      const without = runBacktest(t.store, spec);
      expect(withAlerts.trades).toEqual(without.trades);
      expect(withAlerts.trades).toHaveLength(1);
      await sender.flush();
      expect(sender.failed, 'open + close, to both targets').toBe(4);
      expect(warnings.join('\n')).not.toContain(TOKEN);
      expect(warnings[0]).toBe(
        'alert to webhook not delivered (trade_open: Opened long NMR/USDT:USDT): TypeError: ECONNREFUSED',
      );
    } finally {
      t.cleanup();
    }
  });

  it('sends the digest at 08:00 and 20:00 UTC on a controllable clock, with the exact numbers', async () => {
    const hook = await receiver();
    const sender = new AlertSender({
      targets: [{ name: 'webhook', url: `${hook.url}/hook`, body: (a) => JSON.stringify(a) }],
      queueSize: 10,
      maxAttempts: 1,
      warn: () => {},
    });
    let now = Date.UTC(2025, 0, 6, 7, 30);
    let equity = 10_000;
    const pending: { at: number; fn: () => void }[] = [];
    const observer = new AlertObserver({ send: () => {}, events: [], equity: () => equity });
    const timer = startDigestTimer({
      times: defaultConfig().alerts.digest.times,
      now: () => now,
      schedule: (at, fn) => {
        pending.push({ at, fn });
        return () => {};
      },
      fire: (at) => sender.send(observer.digest(at)),
    });
    const fireNext = (): number => {
      const next = pending.shift();
      if (!next) throw new Error('no digest scheduled');
      now = next.at;
      next.fn();
      return next.at;
    };
    observer.onTrade(TRADE);
    observer.onTrade({ ...TRADE, id: 8, netPnl: -20.5 });
    observer.onRiskDecision(TRIP);
    equity = 10_027.79;
    expect(fireNext()).toBe(Date.UTC(2025, 0, 6, 8));
    equity = 9_990;
    observer.onRiskDecision({ ...TRIP, outcome: 'resumed', message: 'entries resume' });
    expect(fireNext()).toBe(Date.UTC(2025, 0, 6, 20));
    expect(pending.map((p) => p.at)).toEqual([Date.UTC(2025, 0, 7, 8)]);
    timer.stop();
    await sender.flush();
    const digests = hook.received.map((r) => JSON.parse(r.body) as Alert);
    expect(digests.map((d) => d.lines)).toEqual([
      [
        'equity 10027.79 USDT',
        'since last digest: +27.79 USDT',
        'trades closed: 2 (1 won), net +27.79 USDT',
        'halts: 0, breaker trips: 1',
        'circuit breaker: tripped at 2025-01-06T12:00:00.000Z, entries halted',
      ],
      [
        'equity 9990.00 USDT',
        'since last digest: -37.79 USDT',
        'trades closed: 0 (0 won), net +0.00 USDT',
        'halts: 0, breaker trips: 0',
        'circuit breaker: armed, entries allowed',
      ],
    ]);
    expect(digests[0]?.time).toBe(Date.UTC(2025, 0, 6, 8));
  });
});
