import type { Command } from 'commander';
import { registerBacktestCommand } from './backtest.js';
import { registerConfigCommands } from './config.js';
import { registerDataCommands } from './data.js';
import { registerInitCommand } from './init.js';

/** Adds every nmrbot sub-command to `program`. One line per command module. */
export function registerCommands(program: Command): void {
  registerInitCommand(program);
  registerConfigCommands(program);
  registerDataCommands(program);
  registerBacktestCommand(program);
}
