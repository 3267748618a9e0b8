export * from './series/index.js';
export * from './store/index.js';
export * from './import/index.js';
