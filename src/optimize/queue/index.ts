export {
  startQueueWorker,
  type QueueWorker,
  type QueueWorkerOptions,
  type QueueWorkerEvent,
} from './queue-worker.js';
export { encodeJson, decodeJson, encodeTrial, decodeTrial } from './json-codec.js';
export { DEFAULT_QUEUE_NAME, contextKey, marketKey, bullJobId, type QueueJobData } from './protocol.js';
export { RedisUnavailableError, redactRedisUrl, checkRedisUrl } from './connection.js';
export {
  createQueueRunner,
  newRunId,
  QueueRunner,
  QueueJobFailedError,
  type QueueRunnerOptions,
} from '../runners/queue-runner.js';
