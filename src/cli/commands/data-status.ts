import type { Command } from 'commander';

/** `nmrbot data status`: not built yet. */
export function registerDataStatus(data: Command): void {
  void data;
}
