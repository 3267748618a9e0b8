export * from './indicators/index.js';
export * from './playbook/index.js';
export {
  SIGNAL_FAMILIES,
  SIGNAL_NAMES,
  type SignalFamily,
  type SignalName,
  type Regime,
  type SignalReading,
  type FamilyScore,
  type ScoreSnapshot,
} from './signal.types.js';
