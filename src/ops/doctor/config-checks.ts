import { type NmrbotConfig, resolveSecrets } from '../../config/index.js';
import { alertTargets } from '../alerts/alert-targets.js';
import type { DoctorCheck } from './doctor.types.js';

/** Exchange credentials in the environment (names only, never values); a FAIL only when `live`. */
export function credentialsCheck(config: NmrbotConfig, env: NodeJS.ProcessEnv, live: boolean): DoctorCheck {
  const { apiKey, apiSecret } = resolveSecrets(config, env);
  const { apiKeyEnv, secretEnv } = config.exchange;
  const missing = [apiKey ? '' : apiKeyEnv, apiSecret ? '' : secretEnv].filter((n) => n !== '');
  if (missing.length === 0)
    return {
      name: 'credentials',
      status: 'OK',
      message: `${apiKeyEnv} and ${secretEnv} are set (values not shown)`,
    };
  return {
    name: 'credentials',
    status: live ? 'FAIL' : 'WARN',
    message: `${missing.join(' and ')} not set: live trading cannot start${live ? '' : ' (backtest and paper do not need them)'}`,
    fix: `put ${missing.join(' and ')} in the environment (the systemd EnvironmentFile or docker --env-file), never in nmrbot.yaml`,
  };
}

/** Which alert targets are configured and have their secret in the environment. */
export function alertsCheck(config: NmrbotConfig, env: NodeJS.ProcessEnv): DoctorCheck {
  const { targets, missing } = alertTargets(config.alerts, env);
  if (missing.length > 0)
    return {
      name: 'alerts',
      status: 'WARN',
      message: missing.join('; '),
      fix: 'set the variable, or remove alerts.telegram.chatId',
    };
  if (targets.length === 0)
    return {
      name: 'alerts',
      status: 'WARN',
      message: 'no alert target: trades, breaker trips and errors reach nobody',
      fix: `set ${config.alerts.webhookUrlEnv} (a JSON webhook), or alerts.telegram.chatId and ${config.alerts.telegram.tokenEnv}`,
    };
  return {
    name: 'alerts',
    status: 'OK',
    message: `${targets.map((t) => t.name).join(' and ')}; digest ${config.alerts.digest.enabled ? `at ${config.alerts.digest.times.join(', ')} UTC` : 'off'}`,
  };
}
