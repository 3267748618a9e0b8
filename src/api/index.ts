export type {
  AccountView,
  ApiControls,
  ApiState,
  ApiStateSource,
  BreakerView,
  ControlResult,
  ExposureView,
  FeedHealthView,
  FundingView,
  HealthView,
  LatencyView,
  ManualOrder,
  PositionView,
  SignalFamilyView,
} from './api-state.types.js';
export { createApiServer, type ApiServer, type ApiServerOptions } from './api-server.js';
export { InMemoryControls, type ControlCall, type ManualOrderCheck } from './in-memory-controls.js';
export { SessionStateTracker, type SessionStateTrackerOptions } from './session-state-tracker.js';
export { StateStream, type StateStreamOptions, type StreamSocket } from './state-stream.js';
export { SECURITY_HEADERS } from './security-headers.js';
export * from './journal-state/index.js';
