/**
 * Runs `task` with an AbortController that SIGINT and SIGTERM abort, for the whole task: a signal
 * while a session is still connecting or warming up ends it cleanly too (without a handler Node would
 * die at once, with the journal run unfinished). The handlers are removed when the task ends.
 */
export async function stopOnSignal<T>(task: (stop: AbortController) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await task(stop);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
