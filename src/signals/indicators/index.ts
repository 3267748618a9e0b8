export type { StreamingIndicator } from './indicator.types.js';
export { Ema } from './ema.js';
export { RingBuffer } from './ring-buffer.js';
export { RollingMoments } from './rolling-moments.js';
