import type { Command } from 'commander';

/** `nmrbot data synth`: not built yet. */
export function registerDataSynth(data: Command): void {
  void data;
}
