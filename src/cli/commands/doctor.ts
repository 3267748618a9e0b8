import type { Command } from 'commander';
import { ConfigError, InputError } from '../../core/index.js';
import {
  type DoctorCheck,
  alertsCheck,
  credentialsCheck,
  exchangeChecks,
  storeChecks,
} from '../../ops/index.js';
import { configForCommand } from '../context.js';

interface DoctorFlags {
  baseUrl?: string;
  live?: boolean;
  offline?: boolean;
  json?: boolean;
}

/** `nmrbot doctor`: checks config, store, data, feeds, exchange, clock, credentials and alerts. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'check the config, the store and its data, feed freshness, exchange reachability, clock drift, credentials and alert targets; says what to fix (exit 1 on any FAIL)',
    )
    .option('--base-url <url>', 'talk to this base URL instead of the exchange (a local exchange double)')
    .option('--live', 'missing exchange credentials are a FAIL (they are a WARN otherwise)')
    .option('--offline', 'skip the exchange and clock checks')
    .option('--json', 'print the checks as JSON')
    .action(async (flags: DoctorFlags, cmd: Command) => {
      const checks = await runChecks(flags, cmd);
      if (flags.json) process.stdout.write(`${JSON.stringify(checks, null, 2)}\n`);
      else process.stdout.write(formatChecks(checks));
      const failed = checks.filter((c) => c.status === 'FAIL').length;
      if (failed > 0) throw new InputError(`doctor: ${failed} check${failed === 1 ? '' : 's'} failed`);
    });
}

async function runChecks(flags: DoctorFlags, cmd: Command): Promise<DoctorCheck[]> {
  let loaded: ReturnType<typeof configForCommand>;
  try {
    loaded = configForCommand(cmd);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return [
      {
        name: 'config',
        status: 'FAIL',
        message: [err.message, ...err.issues].join('; '),
        fix: 'fix the lines named (nmrbot config check shows the file; nmrbot init writes a fresh one)',
      },
    ];
  }
  const { config, source } = loaded;
  const now = Date.now();
  const checks: DoctorCheck[] = [{ name: 'config', status: 'OK', message: `${source} is valid` }];
  checks.push(...storeChecks(config, now));
  if (!flags.offline) checks.push(...(await exchangeChecks(config, { baseUrl: flags.baseUrl })));
  checks.push(credentialsCheck(config, process.env, flags.live === true));
  checks.push(alertsCheck(config, process.env));
  return checks;
}

export function formatChecks(checks: readonly DoctorCheck[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${c.status.padEnd(5)} ${c.name.padEnd(15)} ${c.message}`);
    if (c.fix && c.status !== 'OK') lines.push(`${' '.repeat(22)}fix: ${c.fix}`);
  }
  const count = (s: DoctorCheck['status']) => checks.filter((c) => c.status === s).length;
  lines.push('', `${count('OK')} OK, ${count('WARN')} WARN, ${count('FAIL')} FAIL`);
  return `${lines.join('\n')}\n`;
}
