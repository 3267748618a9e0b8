import { z } from 'zod';
import { alertsSchema } from './sections/alerts.js';
import { backtestSchema } from './sections/backtest.js';
import { executionSchema } from './sections/execution.js';
import { feedsSchema } from './sections/feeds.js';
import { journalSchema, serverSchema } from './sections/journal.js';
import { liveSchema } from './sections/live.js';
import { dataSchema, exchangeSchema, feesSchema, storeSchema } from './sections/market.js';
import { perpSchema } from './sections/perp.js';
import { playbookSchema } from './sections/playbook.js';
import { riskSchema } from './sections/risk.js';
import { signalsSchema } from './sections/signals.js';

/**
 * The whole nmrbot config. Every field has a default, so `{}` (an empty YAML file) parses to
 * the full default config; unknown keys are errors.
 */
export const configSchema = z.strictObject({
  exchange: exchangeSchema,
  store: storeSchema,
  data: dataSchema,
  fees: feesSchema,
  feeds: feedsSchema,
  signals: signalsSchema,
  playbook: playbookSchema,
  risk: riskSchema,
  execution: executionSchema,
  journal: journalSchema,
  server: serverSchema,
  perp: perpSchema,
  backtest: backtestSchema,
  live: liveSchema,
  alerts: alertsSchema,
});

export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** A validated, resolved config (defaults filled in, deeply frozen). */
export type NmrbotConfig = DeepReadonly<z.output<typeof configSchema>>;
/** What a config file may contain: every field optional. */
export type NmrbotConfigInput = z.input<typeof configSchema>;

export type ExchangeConfig = NmrbotConfig['exchange'];
export type StoreConfig = NmrbotConfig['store'];
export type DataConfig = NmrbotConfig['data'];
export type FeesConfig = NmrbotConfig['fees'];
export type SignalsConfig = NmrbotConfig['signals'];
export type SignalWeights = SignalsConfig['weights'];
export type CombinerConfig = SignalsConfig['combiner'];
export type RiskConfig = NmrbotConfig['risk'];
export type FeedsConfig = NmrbotConfig['feeds'];
export type PlaybookConfig = NmrbotConfig['playbook'];
export type ExecutionConfig = NmrbotConfig['execution'];
export type JournalConfig = NmrbotConfig['journal'];
export type ServerConfig = NmrbotConfig['server'];
export type PerpConfig = NmrbotConfig['perp'];
export type MarginTier = PerpConfig['tiers'][number];
export type BacktestConfig = NmrbotConfig['backtest'];
export type LiveConfig = NmrbotConfig['live'];
export type AlertsConfig = NmrbotConfig['alerts'];
