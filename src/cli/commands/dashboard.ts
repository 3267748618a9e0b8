import type { Command } from 'commander';
import { InputError } from '../../core/index.js';

/** `nmrbot dashboard`: the dashboard over a journal. */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description('serve the dashboard over a journal (see docs/dashboard.md)')
    .action(() => {
      throw new InputError('nmrbot dashboard: not built yet');
    });
}
