import { nextDigestTime } from './digest-schedule.js';

/** Arranges one call at an epoch time; returns a cancel. The wall-clock version uses setTimeout. */
export type ScheduleAt = (at: number, fn: () => void) => () => void;

/** `ScheduleAt` on the wall clock (unref'd: a pending digest does not keep the process alive). */
export const wallClockSchedule: ScheduleAt = (at, fn) => {
  const timer = setTimeout(fn, Math.max(0, at - Date.now()));
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * Sends a digest at each of `times` (UTC HH:MM) from `now()` on, until stopped. `now` and `schedule`
 * come from the caller, so a test drives it with a controllable clock.
 */
export function startDigestTimer(options: {
  readonly times: readonly string[];
  readonly now: () => number;
  readonly schedule: ScheduleAt;
  readonly fire: (at: number) => void;
}): { stop(): void } {
  let cancel: (() => void) | undefined;
  let stopped = false;
  const arm = (): void => {
    const at = nextDigestTime(options.now(), options.times);
    cancel = options.schedule(at, () => {
      if (stopped) return;
      options.fire(at);
      arm();
    });
  };
  arm();
  return {
    stop() {
      stopped = true;
      cancel?.();
    },
  };
}
