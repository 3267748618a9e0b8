import { WallClock } from '../core/index.js';

/**
 * A small progress bar on stderr: label, bar, percent, done/total, rate and ETA. On a terminal it
 * redraws one line; when stderr is not a TTY or CI is set it prints a plain line every 10 % instead.
 */

/** Where progress goes: `process.stderr` or anything with `write` (tests). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

export interface ProgressOptions {
  readonly label: string;
  /** Noun for the counted things; default `rows`. */
  readonly unit?: string;
  readonly stream?: ProgressStream;
  /** Default: the stream is a TTY and `CI` is unset or false. */
  readonly fancy?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Clock for rate and ETA; default the wall clock. */
  readonly now?: () => number;
  /** Minimum ms between redraws on a terminal; default 100. */
  readonly redrawMs?: number;
}

/** One reading: `fraction` of the work done (0..1), `done` things so far, `total` when known. */
export interface ProgressState {
  readonly fraction: number;
  readonly done: number;
  readonly total?: number | undefined;
}

export function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** `75s` -> `1m15s`; `3725s` -> `1h02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function rateText(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond)) return `- ${unit}/s`;
  return `${perSecond >= 100 ? count(perSecond) : perSecond.toFixed(1)} ${unit}/s`;
}

/** The text after the label and bar: `45%  3,600/8,000 rows  1,200 rows/s  ETA 4s`. */
export function describeProgress(state: ProgressState, elapsedMs: number, unit = 'rows'): string {
  const f = Math.min(1, Math.max(0, state.fraction));
  const amount =
    state.total === undefined
      ? `${count(state.done)} ${unit}`
      : `${count(state.done)}/${count(state.total)} ${unit}`;
  const rate = elapsedMs > 0 ? (state.done * 1000) / elapsedMs : NaN;
  const eta = f > 0 && f < 1 ? `ETA ${formatDuration((elapsedMs * (1 - f)) / f)}` : f >= 1 ? 'done' : 'ETA ?';
  return `${String(Math.floor(f * 100)).padStart(3)}%  ${amount}  ${rateText(rate, unit)}  ${eta}`;
}

export function renderBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

export class ProgressBar {
  readonly #label: string;
  readonly #unit: string;
  readonly #stream: ProgressStream;
  readonly #fancy: boolean;
  readonly #now: () => number;
  readonly #redrawMs: number;
  readonly #start: number;
  #state: ProgressState = { fraction: 0, done: 0 };
  #lastDraw = -Infinity;
  #lastDecile = -1;
  #finished = false;

  constructor(options: ProgressOptions) {
    this.#label = options.label;
    this.#unit = options.unit ?? 'rows';
    this.#stream = options.stream ?? process.stderr;
    this.#fancy = options.fancy ?? (this.#stream.isTTY === true && !isCi(options.env ?? process.env));
    const wall = new WallClock();
    this.#now = options.now ?? (() => wall.now());
    this.#redrawMs = options.redrawMs ?? 100;
    this.#start = this.#now();
  }

  get fancy(): boolean {
    return this.#fancy;
  }

  update(state: ProgressState): void {
    if (this.#finished) return;
    this.#state = state;
    const t = this.#now();
    if (this.#fancy) {
      if (t - this.#lastDraw >= this.#redrawMs) this.#draw(t);
      return;
    }
    const decile = Math.floor(Math.min(1, Math.max(0, state.fraction)) * 10);
    if (decile > this.#lastDecile && decile < 10) {
      this.#lastDecile = decile;
      this.#stream.write(`${this.#label}  ${describeProgress(state, t - this.#start, this.#unit)}\n`);
    }
  }

  /** Ends the bar with a final line, e.g. `candles 1m  done  8,641 rows in 2s  (9 requests)`. */
  finish(summary?: string): void {
    if (this.#finished) return;
    this.#finished = true;
    const elapsed = formatDuration(this.#now() - this.#start);
    const line = `${this.#label}  done  ${count(this.#state.done)} ${this.#unit} in ${elapsed}${summary ? `  ${summary}` : ''}`;
    this.#stream.write(this.#fancy ? `\r\x1b[2K${line}\n` : `${line}\n`);
  }

  #draw(t: number): void {
    this.#lastDraw = t;
    const columns = this.#stream.columns ?? 80;
    const text = describeProgress(this.#state, t - this.#start, this.#unit);
    const width = Math.max(10, Math.min(30, columns - this.#label.length - text.length - 6));
    const line = `${this.#label} ${renderBar(this.#state.fraction, width)} ${text}`;
    this.#stream.write(`\r\x1b[2K${line.slice(0, Math.max(0, columns - 1))}`);
  }
}
