import { runCli } from '../index.js';

/** Runs the CLI from source (`node --import tsx src/cli/live/cli-entry.ts live ...`): the kill -9 test's child process. */
process.exitCode = await runCli(process.argv);
