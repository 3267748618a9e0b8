import { z } from 'zod';
import { envVarName } from './fields.js';

/** What an alert can be about; `alerts.events` picks the ones that are sent. */
export const ALERT_EVENTS = [
  'trade_open',
  'trade_close',
  'circuit_breaker',
  'halt',
  'resume',
  'error',
] as const;
export type AlertEventKind = (typeof ALERT_EVENTS)[number];

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

const telegramSchema = z
  .strictObject({
    tokenEnv: envVarName()
      .default('NMRBOT_TELEGRAM_TOKEN')
      .describe('environment variable holding the Telegram bot token (never in this file; never logged)'),
    chatId: z
      .string()
      .regex(/^-?\d+$|^@\w+$/, 'must be a numeric chat id or @channelname')
      .optional()
      .meta({ description: 'chat to send to (unset: no Telegram alerts)', examples: ['-1001234567890'] }),
    baseUrl: z
      .url()
      .default('https://api.telegram.org')
      .describe('Bot API base URL (a local receiver in tests)'),
  })
  .prefault({})
  .describe('Telegram Bot API target: POST <baseUrl>/bot<token>/sendMessage');

const digestSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('send a scheduled summary to the alert targets'),
    times: z
      .array(z.string().regex(HH_MM, 'must be HH:MM, 24-hour UTC, e.g. 08:00'))
      .min(1)
      .default(['08:00', '20:00'])
      .describe('times of day (UTC, HH:MM) the digest is sent'),
  })
  .prefault({})
  .describe('digest: equity, PnL since the last digest, trades, halts and the breaker state');

export const alertsSchema = z
  .strictObject({
    webhookUrlEnv: envVarName()
      .default('NMRBOT_ALERT_WEBHOOK_URL')
      .describe('environment variable holding the generic JSON webhook URL (unset: no webhook alerts)'),
    telegram: telegramSchema,
    events: z
      .array(z.enum(ALERT_EVENTS))
      .default([...ALERT_EVENTS])
      .describe(`events that send an alert: ${ALERT_EVENTS.join(', ')}`),
    queueSize: z
      .int()
      .positive()
      .default(200)
      .describe('alerts waiting to be sent at most; beyond it the oldest is dropped (and counted)'),
    maxAttempts: z.int().positive().default(5).describe('tries per alert on 5xx, 429 and network errors'),
    digest: digestSchema,
  })
  .prefault({})
  .describe('alerts: trades, circuit breaker, halts and errors to a webhook and Telegram, and a digest');
