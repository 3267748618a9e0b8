import { randomBytes } from 'node:crypto';

/**
 * The account's user-data listen keys. Binance hands out one key per account (POST again returns the
 * same key and extends it); a key expires 60 minutes after its last keep-alive, counted on the wall clock.
 */
export class ListenKeys {
  readonly #expiry = new Map<string, number>();
  readonly #removed = new Set<(key: string) => void>();

  constructor(private readonly wallNow: () => number = Date.now) {}

  create(): string {
    const existing = this.current();
    if (existing !== undefined) {
      this.keepAlive(existing);
      return existing;
    }
    const key = randomBytes(32).toString('base64url');
    this.#expiry.set(key, this.wallNow() + 3_600_000);
    return key;
  }

  current(): string | undefined {
    for (const [key, until] of this.#expiry) if (until > this.wallNow()) return key;
    return undefined;
  }

  has(key: string): boolean {
    return (this.#expiry.get(key) ?? 0) > this.wallNow();
  }

  keepAlive(key: string): void {
    this.#expiry.set(key, this.wallNow() + 3_600_000);
  }

  remove(key: string): void {
    this.#expiry.delete(key);
    for (const l of this.#removed) l(key);
  }

  /** Called when a key is deleted (the WebSocket layer closes its streams). */
  onRemove(listener: (key: string) => void): void {
    this.#removed.add(listener);
  }
}
