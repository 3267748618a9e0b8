import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { DEFAULT_CONFIG_FILE, defaultConfigYaml } from '../../config/index.js';
import { InputError } from '../../core/index.js';
import type { GlobalOptions } from '../program.js';

interface InitOptions {
  path?: string;
  force?: boolean;
}

/** `nmrbot init`: writes the commented default config file. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented nmrbot.yaml with every setting at its default')
    .option('--path <file>', `file to write (default: global --config, else ${DEFAULT_CONFIG_FILE})`)
    .option('--force', 'overwrite the file if it exists')
    .action(async (options: InitOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const file = options.path ?? globals.config ?? DEFAULT_CONFIG_FILE;
      await writeConfigFile(file, options.force === true);
      const check =
        file === DEFAULT_CONFIG_FILE ? 'nmrbot config check' : `nmrbot --config ${file} config check`;
      process.stdout.write(`wrote ${file} (every setting at its default); after editing, run: ${check}\n`);
    });
}

async function writeConfigFile(file: string, force: boolean): Promise<void> {
  try {
    // 'wx' fails if the file exists, without a window between checking and writing.
    await writeFile(file, defaultConfigYaml(), { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'EEXIST') {
      throw new InputError(`${file} already exists; nothing written (use --force to overwrite it)`);
    }
    throw err;
  }
}
