export * from './series/index.js';
export * from './store/index.js';
