import type { Command } from 'commander';
import { configToYaml, redact, resolveSecrets, type NmrbotConfig } from '../../config/index.js';
import { configForCommand } from '../context.js';

/** `nmrbot config check`: validates the config and prints it resolved, secrets redacted. */
export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('inspect the nmrbot configuration');
  config
    .command('check')
    .description('validate the config (global --config) and print it resolved, with secrets redacted')
    .action((_options: unknown, command: Command) => {
      const { config: resolved, source } = configForCommand(command);
      const header = `${source}: valid config, resolved with defaults (secrets redacted)`;
      process.stdout.write(configToYaml(redact(resolved), header));
      for (const note of secretNotes(resolved)) process.stderr.write(`note: ${note}\n`);
    });
}

/** Names the credential variables that are not set; only live trading and the server need them. */
function secretNotes(config: NmrbotConfig): string[] {
  const secrets = resolveSecrets(config);
  const notes: string[] = [];
  if (secrets.apiKey === undefined || secrets.apiSecret === undefined) {
    notes.push(
      `${config.exchange.apiKeyEnv} / ${config.exchange.secretEnv} not both set (needed for live trading only)`,
    );
  }
  if (secrets.serverToken === undefined) {
    notes.push(`${config.server.tokenEnv} not set (needed to serve the API beyond this machine)`);
  }
  return notes;
}
