export type { StreamingIndicator } from './indicator.types.js';
export { Ema } from './ema.js';
