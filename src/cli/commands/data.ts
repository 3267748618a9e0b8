import type { Command } from 'commander';
import { registerDataDownload } from './data-download.js';
import { registerDataFetch } from './data-fetch.js';
import { registerDataImport } from './data-import.js';
import { registerDataStatus } from './data-status.js';
import { registerDataSynth } from './data-synth.js';

/** `nmrbot data ...`: market and alternative data in the store (import, status, download, synth, fetch). */
export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('market data: import files, download, generate, inspect');
  registerDataImport(data);
  registerDataStatus(data);
  registerDataDownload(data);
  registerDataSynth(data);
  registerDataFetch(data);
}
