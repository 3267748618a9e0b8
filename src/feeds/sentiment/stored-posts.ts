import { z } from 'zod';
import { type EpochMs, InputError, isoTime } from '../../core/index.js';
import type { AltDataStore, AltDatum } from '../../data/index.js';
import { SENTIMENT_KEYS, SENTIMENT_SOURCE, SOURCE_KINDS } from './keys.js';
import type { ScoredPost } from './post.types.js';

const scoredPostSchema = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(SOURCE_KINDS),
  origin: z.string().min(1),
  postedAt: z.int().transform((t) => t as EpochMs),
  urls: z.array(z.string()),
  titleKey: z.string(),
  compound: z.number().min(-1).max(1),
  engagement: z.number(),
  scorer: z.string().min(1),
});

const payloadSchema = z.object({ items: z.array(scoredPostSchema) });

/** What the store holds of this feed: every row, and the posts inside the `sentiment_score` payloads. */
export interface StoredSentiment {
  readonly rows: readonly AltDatum[];
  readonly posts: readonly ScoredPost[];
  /** The first and latest stored hour (their starts); an incremental fetch resumes after the latest. */
  readonly firstHour: EpochMs | undefined;
  readonly lastHour: EpochMs | undefined;
}

/**
 * Reads the stored hours back. A `sentiment_score` row whose payload is not a post list is an
 * InputError naming the hour and field (nothing is overwritten on the strength of a corrupt row).
 */
export function readStored(alt: AltDataStore): StoredSentiment {
  const rows = alt.load(SENTIMENT_SOURCE);
  const posts: ScoredPost[] = [];
  const hours = rows.map((r) => r.eventTime);
  for (const row of rows) {
    if (row.key !== SENTIMENT_KEYS.score) continue;
    const parsed = payloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue ? `payload.${issue.path.map(String).join('.')}: ${issue.message}` : 'payload';
      throw new InputError(
        `sentiment: stored ${SENTIMENT_KEYS.score} row of ${isoTime(row.eventTime)} is unreadable: ${field}`,
      );
    }
    posts.push(...parsed.data.items);
  }
  // A loop, not Math.min(...): years of hourly rows exceed the engine's argument limit.
  const firstHour = hours.reduce<EpochMs | undefined>(
    (m, t) => (m === undefined || t < m ? t : m),
    undefined,
  );
  const lastHour = hours.reduce<EpochMs | undefined>((m, t) => (m === undefined || t > m ? t : m), undefined);
  return { rows, posts, firstHour, lastHour };
}
