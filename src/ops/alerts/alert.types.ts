import type { AlertEventKind } from '../../config/index.js';

/** One message for the alert targets: a title, lines of text and the numbers as data. */
export interface Alert {
  readonly kind: AlertEventKind | 'digest';
  /** When it happened (the kernel's clock), epoch ms. */
  readonly time: number;
  readonly title: string;
  readonly lines: readonly string[];
  readonly data: Readonly<Record<string, string | number | boolean | null>>;
}
