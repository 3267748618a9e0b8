import { z } from 'zod';
import { type EpochMs, InputError } from '../../../core/index.js';
import type { PoliteHttpClient } from '../http/polite-client.js';
import type { SocialPost } from '../post.types.js';

/** What one listing (a subreddit, the forum's latest topics, a feed) read in one fetch. */
export interface ListingResult {
  readonly posts: readonly SocialPost[];
  readonly pages: number;
  /** Problems inside an answer that did not spoil the rest (an RSS item without a date). */
  readonly notes?: readonly string[];
}

/** What a listing reader needs: the client, how far back to page, and the page budget. */
export interface ListingContext {
  readonly client: PoliteHttpClient;
  /** Stop paging once a page reaches back before this (undefined: as far as the listing goes). */
  readonly from: EpochMs | undefined;
  readonly maxPages: number;
}

/** One unit of fetching with its own success or failure: a subreddit listing, a feed, the forum's posts. */
export interface Listing {
  /** `reddit r/numerai new`; names the source in summaries and errors. */
  readonly label: string;
  /** Base URL of the requests, for the per-host rate limit. */
  readonly url: string;
  /** Which `minIntervalMs` applies to its host. */
  readonly interval: 'reddit' | 'forum' | 'rss' | 'cryptoPanic';
  read(ctx: ListingContext): Promise<ListingResult>;
}

/**
 * Validates an answer; a mismatch is an InputError naming the source and the field path
 * (`reddit r/numerai new, page 2: data.children.3.data.created_utc: expected number, received string`).
 */
export function parseAnswer<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  what: string,
  at: readonly (string | number)[] = [],
): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = [...at, ...(issue?.path ?? [])].map(String).join('.') || '(root)';
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
  throw new InputError(`${what}: malformed answer: ${field}: ${issue?.message ?? 'invalid'}${more}`);
}

/** An ISO-8601 time with a zone (`2025-03-10T09:15:00.000Z`) as epoch ms. */
export const isoTimestamp = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)), 'expected an ISO-8601 time')
  .transform((s) => Date.parse(s) as EpochMs);

/** `base` + `path` with exactly one slash between them. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, '')}${path}`;

/** The oldest post time of a page, or undefined for an empty page. */
export const oldest = (posts: readonly { postedAt: number }[]): number | undefined =>
  posts.length === 0 ? undefined : posts.reduce((m, p) => Math.min(m, p.postedAt), Infinity);
