import { z } from 'zod';
import type { Secret } from '../../../config/index.js';
import { stripHtml } from '../html-text.js';
import type { SocialPost } from '../post.types.js';
import {
  type Listing,
  type ListingContext,
  type ListingResult,
  isoTimestamp,
  oldest,
  parseAnswer,
} from './wire.js';

const answerSchema = z.object({
  next: z.string().nullish(),
  results: z.array(
    z.object({
      id: z.int(),
      title: z.string(),
      published_at: isoTimestamp,
      url: z.string().optional(),
      original_url: z.string().nullish(),
      description: z.string().nullish(),
      votes: z.record(z.string(), z.number().min(0)).default({}),
    }),
  ),
});

/**
 * CryptoPanic news about NMR (`<posts endpoint>?auth_token=...&currencies=NMR&public=true&page=N`),
 * scored on title (and description where the plan sends one), engagement = the sum of its votes.
 * The token is registered with the client as a secret: it appears in no message.
 */
export function cryptoPanicListing(postsUrl: string, token: Secret): Listing {
  const label = 'cryptopanic NMR news';
  return {
    label,
    url: postsUrl,
    interval: 'cryptoPanic',
    async read(ctx: ListingContext): Promise<ListingResult> {
      ctx.client.addSecret(token.reveal());
      const posts: SocialPost[] = [];
      let pages = 0;
      for (;;) {
        const what = `${label}, page ${pages + 1}`;
        const url = new URL(postsUrl);
        url.searchParams.set('auth_token', token.reveal());
        url.searchParams.set('currencies', 'NMR');
        url.searchParams.set('public', 'true');
        if (pages > 0) url.searchParams.set('page', String(pages + 1));
        const answer = parseAnswer(answerSchema, await ctx.client.getJson(url.toString(), what), what);
        pages++;
        const page = answer.results.map((r): SocialPost => ({
          id: `cryptopanic:${r.id}`,
          kind: 'news',
          origin: 'cryptopanic',
          postedAt: r.published_at,
          urls: [r.url, r.original_url].filter((u): u is string => typeof u === 'string' && u !== ''),
          title: r.title,
          text: r.description ? stripHtml(r.description) : '',
          engagement: Object.values(r.votes).reduce((a, b) => a + b, 0),
        }));
        posts.push(...page);
        const reachedBack = ctx.from !== undefined && (oldest(page) ?? -Infinity) < ctx.from;
        if (page.length === 0 || !answer.next || reachedBack || pages >= ctx.maxPages) break;
      }
      return { posts, pages };
    },
  };
}
