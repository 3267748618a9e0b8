import type { Command } from 'commander';
import {
  configToYaml,
  findConfigSource,
  loadConfig,
  redact,
  resolveSecrets,
  type NmrbotConfig,
} from '../../config/index.js';
import type { GlobalOptions } from '../program.js';

export interface CommandConfig {
  config: NmrbotConfig;
  /** How the config file is named in messages, or `(built-in defaults)`. */
  source: string;
}

/**
 * Loads the config a command runs with: the global `--config` file (else `$NMRBOT_CONFIG`, else
 * `./nmrbot.yaml` if present, else defaults), with the global `--store` applied to `store.path`.
 * @throws ConfigError when the file is missing or invalid
 */
export function configForCommand(command: Command): CommandConfig {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const source = findConfigSource({ path: globals.config });
  const loaded = loadConfig({ path: globals.config });
  const config =
    globals.store === undefined
      ? loaded
      : Object.freeze({ ...loaded, store: Object.freeze({ ...loaded.store, path: globals.store }) });
  return { config, source: source.label };
}

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
