export * from './series/index.js';
export * from './store/index.js';
export * from './download/index.js';
export * from './import/index.js';
export * from './synth/index.js';
