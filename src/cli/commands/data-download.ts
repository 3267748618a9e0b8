import type { Command } from 'commander';

/** `nmrbot data download`: not built yet. */
export function registerDataDownload(data: Command): void {
  void data;
}
