export { JournalControls } from './journal-controls.js';
export {
  type JournalDashboard,
  type JournalDashboardOptions,
  startJournalDashboard,
} from './journal-dashboard.js';
export {
  type JournalApiState,
  type JournalRows,
  type JournalView,
  breakerAt,
  journalState,
  replayFills,
} from './journal-state.js';
export {
  JournalStateSource,
  type JournalStateSourceOptions,
  pickRun,
  weightsScope,
} from './journal-state-source.js';
