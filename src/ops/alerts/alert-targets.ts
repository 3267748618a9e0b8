import type { AlertsConfig } from '../../config/index.js';
import { telegramBody, webhookBody } from './alert-format.js';
import type { AlertTarget } from './alert-sender.js';

/**
 * The targets `alerts` configures, with their secrets read from the environment: the webhook when
 * its URL variable is set, Telegram when a chat id is set and its token variable is set.
 * `missing` names what is configured but lacks its variable (for `doctor`; never a value).
 */
export function alertTargets(
  config: AlertsConfig,
  env: NodeJS.ProcessEnv = process.env,
): { targets: AlertTarget[]; missing: string[] } {
  const targets: AlertTarget[] = [];
  const missing: string[] = [];
  const webhook = env[config.webhookUrlEnv];
  if (webhook) targets.push({ name: 'webhook', url: webhook, body: webhookBody });
  const { chatId, tokenEnv, baseUrl } = config.telegram;
  if (chatId !== undefined) {
    const token = env[tokenEnv];
    if (token) {
      const url = `${baseUrl.replace(/\/+$/, '')}/bot${token}/sendMessage`;
      targets.push({ name: 'telegram', url, body: (a) => telegramBody(a, chatId) });
    } else missing.push(`alerts.telegram.tokenEnv: environment variable ${tokenEnv} is not set`);
  }
  return { targets, missing };
}
