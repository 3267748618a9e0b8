import type { Command } from 'commander';

/** Adds every nmrbot sub-command to `program`. One line per command module. */
export function registerCommands(program: Command): void {
  void program;
}
