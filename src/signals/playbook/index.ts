export { PlaybookSignals } from './playbook-signals.js';
export type { FundingExtreme } from './playbook.types.js';
export { MomentumSignal } from './momentum-signal.js';
export { MeanReversionSignal } from './mean-reversion-signal.js';
export { FundingSignal, type FundingSignalSettings } from './funding-signal.js';
export { FeedSignal, type FeedSignalSettings } from './feed-signal.js';
export {
  NETWORK_CHANNELS,
  SENTIMENT_CHANNELS,
  NETFLOW_Z_FULL_SCALE,
  type FeedChannel,
} from './feed-channels.js';
export { scoreSnapshot, type ScoreSettings } from './score-combiner.js';
export { weightedMean, type WeightedPart, type WeightedMean } from './weighted-mean.js';
export { hoursToBars } from './bar-count.js';
