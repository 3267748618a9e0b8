import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { SessionStateTracker } from './session-state-tracker.js';
import { StateStream, type StreamSocket } from './state-stream.js';

/** A hand-written socket whose unsent-byte count the test sets (a slow network). */
class StubSocket implements StreamSocket {
  bufferedAmount = 0;
  readyState = 1;
  readonly sent: number[] = [];
  closedWith: number | undefined;
  #onClose: (() => void) | undefined;
  send(data: string): void {
    this.sent.push((JSON.parse(data) as { state: { version: number } }).state.version);
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
    this.#onClose?.();
  }
  on(_event: 'close', listener: () => void): void {
    this.#onClose = listener;
  }
}

const tracker = () =>
  new SessionStateTracker({ startingEquity: 1000, leverage: 1, leverageCap: 3, marginCapFraction: 0.4 });
const tick = (t: SessionStateTracker, n: number) => t.setMarkPrice(10, (Date.UTC(2025, 0, 6) + n) as EpochMs);

afterEach(() => {
  vi.useRealTimers();
});

describe('StateStream', () => {
  it('sends the first change at once and coalesces changes inside the throttle window into the latest', async () => {
    vi.useFakeTimers();
    const t = tracker();
    const stream = new StateStream(t, { throttleMs: 100, burst: 1 });
    const socket = new StubSocket();
    stream.add(socket);
    tick(t, 1);
    await vi.advanceTimersByTimeAsync(0);
    tick(t, 2);
    tick(t, 3);
    tick(t, 4);
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.sent).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.sent).toEqual([0, 1, 4]);
    stream.close();
  });

  it('lets `burst` pushes out back to back, then one per throttle window', async () => {
    vi.useFakeTimers();
    const t = tracker();
    const stream = new StateStream(t, { throttleMs: 100, burst: 2 });
    const socket = new StubSocket();
    stream.add(socket);
    for (let n = 1; n <= 3; n += 1) {
      tick(t, n);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(socket.sent).toEqual([0, 1, 2]);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.sent).toEqual([0, 1, 2, 3]);
    stream.close();
  });

  it('skips a slow client without queueing and sends it only the newest snapshot once it drains', async () => {
    vi.useFakeTimers();
    const t = tracker();
    const stream = new StateStream(t, { throttleMs: 10, burst: 1, maxBufferedBytes: 1000 });
    const fast = new StubSocket();
    const slow = new StubSocket();
    stream.add(fast);
    stream.add(slow);
    slow.bufferedAmount = 5000;
    for (let n = 1; n <= 20; n += 1) {
      tick(t, n);
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(fast.sent).toHaveLength(21);
    expect(slow.sent).toEqual([0]);
    slow.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(slow.sent).toEqual([0, 20]);
    expect(stream.skipped).toBeGreaterThanOrEqual(20);
    stream.close();
  });

  it('closes connections beyond maxClients with 1013', () => {
    const stream = new StateStream(tracker(), { maxClients: 1 });
    const first = new StubSocket();
    const second = new StubSocket();
    stream.add(first);
    stream.add(second);
    expect([first.closedWith, second.closedWith, stream.clientCount]).toEqual([undefined, 1013, 1]);
    stream.close();
    expect(first.closedWith).toBe(1001);
  });
});
