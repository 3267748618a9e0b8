// The ccxt downloader is its own entry point (src/data/download/index.ts): importing it loads ccxt,
// which backtests and the engine do not need.
export * from './series/index.js';
export * from './store/index.js';
export * from './import/index.js';
export * from './synth/index.js';
