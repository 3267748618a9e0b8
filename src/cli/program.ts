import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { registerReviewCommand } from './commands/review.js';
import { registerCheckCommands } from './commands/check.js';
import { registerResearchCommand } from './commands/research.js';
import { registerModelCommands } from './commands/model.js';
import { registerPaperCommand } from './commands/paper.js';
import { registerJournalCommand } from './commands/journal.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerLiveCommand } from './commands/live.js';
import { registerOptimizeCommand } from './commands/optimize.js';
import { registerWorkerCommand } from './commands/worker.js';
import { registerDashboardCommand } from './commands/dashboard.js';

export interface GlobalOptions {
  /** Path of the SQLite market-data store; overrides `store.path` in the config. */
  store?: string;
  /** Path of the YAML config; default `./nmrbot.yaml` when it exists, else built-in defaults. */
  config?: string;
}

export function buildProgram(): Command {
  const program = new Command('nmrbot')
    .description('Trading bot for Numeraire (NMR) USDT-margined perpetual futures')
    .version('0.1.0')
    .option('--store <path>', 'SQLite market-data store (default: store.path from config, ./nmrbot.db)')
    .option('--config <file>', 'YAML config file (default: ./nmrbot.yaml if present)')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  registerReviewCommand(program);
  registerCheckCommands(program);
  registerResearchCommand(program);
  registerModelCommands(program);
  registerPaperCommand(program);
  registerJournalCommand(program);
  registerDoctorCommand(program);
  registerLiveCommand(program);
  registerOptimizeCommand(program);
  registerWorkerCommand(program);
  registerDashboardCommand(program);
  return program;
}
