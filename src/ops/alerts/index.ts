export type { Alert } from './alert.types.js';
export { AlertObserver, type AlertObserverOptions } from './alert-observer.js';
export { AlertSender, type AlertSenderOptions, type AlertTarget, retryAfterMs } from './alert-sender.js';
export { alertTargets } from './alert-targets.js';
export { webhookBody, telegramBody } from './alert-format.js';
export { nextDigestTime, digestMinutes } from './digest-schedule.js';
export { startDigestTimer, wallClockSchedule, type ScheduleAt } from './digest-timer.js';
