import fs from 'node:fs';

/** Bytes read per chunk when streaming a file: small enough to stay in cache, large enough to be cheap. */
export const CHUNK_BYTES = 4 << 20;

/**
 * The bytes of one input, in memory or on disk. Files are streamed through one reused buffer, so a
 * large CSV never needs a file-sized allocation (fresh memory costs page faults on every 4 KiB).
 */
export interface ByteSource {
  readonly size: number;
  /** Bytes [position, position + length), fewer at the end. */
  slice(position: number, length: number): Buffer;
  /** Everything (JSON has to be parsed whole). */
  all(): Buffer;
  /**
   * Feeds consecutive chunks from `position` to `use`, which returns how many bytes of the chunk it
   * consumed; the rest is offered again at the start of the next chunk. `final` marks the last chunk.
   */
  stream(position: number, use: (chunk: Buffer, final: boolean) => number): void;
}

export function memorySource(bytes: Buffer): ByteSource {
  return {
    size: bytes.length,
    slice: (position, length) => bytes.subarray(position, position + length),
    all: () => bytes,
    stream: (position, use) => {
      use(bytes.subarray(position), true);
    },
  };
}

/** A file read through `fd` (left open; the caller closes it), streamed `chunkBytes` at a time. */
export function fileSource(fd: number, chunkBytes = CHUNK_BYTES): ByteSource {
  const size = fs.fstatSync(fd).size;
  const slice = (position: number, length: number): Buffer => {
    const out = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - position)));
    let got = 0;
    while (got < out.length) {
      const n = fs.readSync(fd, out, got, out.length - got, position + got);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  };
  return {
    size,
    slice,
    all: () => slice(0, size),
    stream: (position, use) => {
      let buf = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(1, size - position)));
      let at = position;
      let kept = 0;
      for (;;) {
        const n = at < size ? fs.readSync(fd, buf, kept, buf.length - kept, at) : 0;
        at += n;
        const avail = kept + n;
        const final = at >= size || n === 0;
        const used = use(buf.subarray(0, avail), final);
        if (final) return;
        kept = avail - used;
        if (kept === buf.length) {
          // A line longer than the buffer: grow it.
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, kept);
          buf = bigger;
        } else buf.copyWithin(0, used, avail);
      }
    },
  };
}
