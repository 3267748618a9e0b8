export {
  configSchema,
  type NmrbotConfig,
  type NmrbotConfigInput,
  type DeepReadonly,
  type ExchangeConfig,
  type StoreConfig,
  type DataConfig,
  type FeesConfig,
  type SignalsConfig,
  type SignalWeights,
  type CombinerConfig,
  type RiskConfig,
  type PlaybookConfig,
  type FeedsConfig,
  type ExecutionConfig,
  type JournalConfig,
  type ServerConfig,
  type PerpConfig,
  type BacktestConfig,
  type LiveConfig,
  type AlertsConfig,
  type MarginTier,
} from './schema.js';
export { RISK_PROFILES, type RiskProfile, MAX_LEVERAGE, PROFILE_MAX_LEVERAGE } from './profiles.js';
export { MISSING_FAMILY_RULES, type MissingFamilyRule } from './sections/signals.js';
export { ALERT_EVENTS, type AlertEventKind } from './sections/alerts.js';
export { COMBINER_MODES, type CombinerMode } from './sections/combiner.js';
export { parseConfig, defaultConfig, DEFAULTS_SOURCE } from './parse.js';
export {
  loadConfig,
  findConfigSource,
  parseConfigText,
  DEFAULT_CONFIG_FILE,
  CONFIG_PATH_ENV,
  type LoadConfigOptions,
  type ConfigSource,
} from './load.js';
export { Secret, resolveSecrets, requireExchangeCredentials, redact, type NmrbotSecrets } from './secrets.js';
export { defaultConfigYaml, configToYaml } from './default-yaml.js';
