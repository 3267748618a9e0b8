import type { Command } from 'commander';
import { registerDataCommands } from './data.js';

/** Adds every nmrbot sub-command to `program`. One line per command module. */
export function registerCommands(program: Command): void {
  void program;
  registerDataCommands(program);
}
