import WebSocket from 'ws';
import type { ApiState } from './api-state.types.js';

export interface StreamMessage {
  readonly type: 'snapshot';
  readonly state: ApiState;
}

/** A real `ws` client collecting every message; `next(predicate)` waits for a matching one. */
export class StreamClient {
  readonly messages: StreamMessage[] = [];
  readonly socket: WebSocket;
  #waiters: { predicate: (m: StreamMessage) => boolean; resolve: (m: StreamMessage) => void }[] = [];

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as StreamMessage;
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.predicate(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<StreamClient> {
    const socket = new WebSocket(url, { headers });
    const client = new StreamClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  next(predicate: (message: StreamMessage) => boolean): Promise<StreamMessage> {
    const seen = this.messages.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ predicate, resolve }));
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
