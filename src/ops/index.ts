export {
  MetricsObserver,
  type MetricsObserverOptions,
  type MetricsSources,
  type AccountSample,
  type LatencySample,
} from './metrics-observer.js';
export { metricsHandler, startMetricsServer, type MetricsServer } from './metrics-http.js';
export * from './alerts/index.js';
export * from './doctor/index.js';
export { startOperations, type Operations, type OperationsOptions } from './operations.js';
