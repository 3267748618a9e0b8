import { CommanderError } from 'commander';
import { ConfigError, NmrbotError } from '../core/index.js';
import { buildProgram } from './program.js';

export { buildProgram, type GlobalOptions } from './program.js';

/** Runs the CLI and returns the process exit code: 0 ok, 1 bad input or failure. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    return err.exitCode === 0 ? 0 : 1;
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`error: ${err.message}\n`);
    for (const issue of err.issues) process.stderr.write(`  ${issue}\n`);
    return 1;
  }
  if (err instanceof NmrbotError) {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  if (err instanceof Error && 'code' in err && err.code === 'ENOENT') {
    process.stderr.write(`error: ${err.message}\n`);
    return 1;
  }
  throw err;
}
