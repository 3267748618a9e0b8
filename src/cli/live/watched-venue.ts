import { type AccountHandlers, CcxtVenue, type CcxtVenueOptions, StreamLoop } from '../../live/index.js';
import type { FeedHealth } from '../ops/feed-health.js';

/** Feed names the live session reports on the dashboard and in `nmrbot_feed_age_seconds`. */
export const LIVE_FEEDS = { bars: 'bars', mark: 'mark price', user: 'user stream' } as const;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The live venue with its feeds timed for the feed health: every account stream event (order
 * updates, trades) is stamped as the user stream's, and `watchMarkPrice` follows the mark price
 * (websocket, REST while it is down). The user stream is quiet while nothing trades, so its health is
 * its connection (the order and trade sockets up), not its age.
 */
export class WatchedVenue extends CcxtVenue {
  readonly #health: FeedHealth;
  readonly #o: CcxtVenueOptions;
  #mark: StreamLoop<{ price: number; time: number }> | undefined;

  constructor(options: CcxtVenueOptions, health: FeedHealth) {
    super(options);
    this.#o = options;
    this.#health = health;
  }

  /** True while the order and trade streams run on their websockets (not polling, not stopped). */
  userStreamConnected(): boolean {
    const loops = Object.entries(this.streamStats()).filter(
      ([name]) => name.endsWith(' orders') || name.endsWith(' my trades'),
    );
    return loops.length > 0 && loops.every(([, s]) => s.mode === 'socket');
  }

  override watchAccount(h: AccountHandlers): void {
    const seen = (): void => this.#health.seen(LIVE_FEEDS.user);
    super.watchAccount({
      ...h,
      onOrderReport: (r) => {
        seen();
        h.onOrderReport(r);
      },
      onTrade: (t) => {
        seen();
        h.onTrade(t);
      },
    });
  }

  /** Follows the mark price until `close`; `onMark` gets each one with the exchange's timestamp. */
  watchMarkPrice(onMark: (price: number, time: number) => void): void {
    const ex = this.exchange;
    const symbol = this.symbol;
    const read = (m: { markPrice?: number | undefined; timestamp?: number | undefined }) => ({
      price: Number(m.markPrice),
      time: Number(m.timestamp),
    });
    this.#mark = new StreamLoop({
      name: `${ex.id} mark price`,
      watch: async () => read(await ex.watchMarkPrice(symbol)),
      poll: async () => read(await ex.fetchMarkPrice(symbol)),
      onData: (m) => {
        if (!(m.price > 0) || !Number.isFinite(m.time)) return;
        this.#health.seen(LIVE_FEEDS.mark);
        onMark(m.price, m.time);
      },
      sleep: this.#o.sleep ?? realSleep,
      pollIntervalMs: this.#o.pollIntervalMs ?? 2000,
      socketRetryMs: this.#o.socketRetryMs ?? 30_000,
      log: (m) => (this.#o.log ?? (() => undefined))(this.#o.connection.redact(m)),
    });
    this.#mark.start();
  }

  override async close(): Promise<void> {
    const mark = this.#mark;
    this.#mark = undefined;
    mark?.requestStop();
    await super.close();
    await mark?.stop();
  }
}
