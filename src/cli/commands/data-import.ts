import type { Command } from 'commander';

/** `nmrbot data import`: not built yet. */
export function registerDataImport(data: Command): void {
  void data;
}
