import { z } from 'zod';
import type { EpochMs } from '../../../core/index.js';
import { decodeEntities } from '../html-text.js';
import type { SocialPost } from '../post.types.js';
import {
  type Listing,
  type ListingContext,
  type ListingResult,
  joinUrl,
  oldest,
  parseAnswer,
} from './wire.js';

/** Reddit's listing page size limit. */
export const REDDIT_PAGE_SIZE = 100;

const thing = z.object({
  kind: z.string(),
  data: z.object({}).loose(),
});

const linkData = z.object({
  id: z.string().min(1),
  name: z.string().regex(/^t3_/, 'expected a t3_ fullname'),
  title: z.string(),
  selftext: z.string().default(''),
  created_utc: z.number().positive(),
  score: z.number(),
  num_comments: z.number().int().min(0),
  permalink: z.string().startsWith('/'),
  url: z.string().optional(),
  subreddit: z.string().min(1),
});

const listingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullable(),
    children: z.array(thing),
  }),
});

type LinkData = z.output<typeof linkData>;
type RedditListing = z.output<typeof listingSchema>;

export interface SubredditConfig {
  readonly name: string;
  readonly query?: string | undefined;
}

const isRedditUrl = (url: string): boolean =>
  /^https?:\/\/([a-z0-9-]+\.)?(reddit\.com|redd\.it)\//i.test(url);

function toPost(d: LinkData): SocialPost {
  const page = `https://www.reddit.com${d.permalink}`;
  // A link post's url is the article it shares: the same story on another source is then one story.
  const linked = d.url !== undefined && /^https?:\/\//i.test(d.url) && !isRedditUrl(d.url) ? [d.url] : [];
  return {
    id: `reddit:${d.name}`,
    kind: 'reddit',
    origin: `reddit:r/${d.subreddit.toLowerCase()}`,
    postedAt: Math.round(d.created_utc * 1000) as EpochMs,
    urls: [page, ...linked],
    title: decodeEntities(d.title),
    text: decodeEntities(d.selftext),
    engagement: d.score + d.num_comments,
  };
}

/**
 * A subreddit's new posts (`/r/<sub>/new.json`), or with a query its search sorted by new
 * (`/r/<sub>/search.json?q=...&restrict_sr=on&sort=new`), paged with `after` up to `maxPages` or until
 * a page reaches back before `from`. Reddit's listings end near 1,000 items.
 */
export function redditListing(baseUrl: string, sub: SubredditConfig): Listing {
  const label = `reddit r/${sub.name} ${sub.query === undefined ? 'new' : `search "${sub.query}"`}`;
  const first =
    sub.query === undefined
      ? joinUrl(baseUrl, `/r/${sub.name}/new.json?limit=${REDDIT_PAGE_SIZE}&raw_json=1`)
      : joinUrl(
          baseUrl,
          `/r/${sub.name}/search.json?q=${encodeURIComponent(sub.query)}&restrict_sr=on&sort=new` +
            `&limit=${REDDIT_PAGE_SIZE}&raw_json=1`,
        );
  return {
    label,
    url: baseUrl,
    interval: 'reddit',
    async read(ctx: ListingContext): Promise<ListingResult> {
      const posts: SocialPost[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const url: string = after === null ? first : `${first}&after=${encodeURIComponent(after)}`;
        const what = `${label}, page ${pages + 1}`;
        const answer: RedditListing = parseAnswer(listingSchema, await ctx.client.getJson(url, what), what);
        pages++;
        const page = answer.data.children
          .map((child, i) => ({ child, i }))
          .filter(({ child }) => child.kind === 't3')
          .map(({ child, i }) =>
            toPost(parseAnswer(linkData, child.data, what, ['data', 'children', i, 'data'])),
          );
        posts.push(...page);
        after = answer.data.after;
        const reachedBack = ctx.from !== undefined && (oldest(page) ?? -Infinity) < ctx.from;
        if (page.length === 0 || reachedBack) break;
      } while (after !== null && pages < ctx.maxPages);
      return { posts, pages };
    },
  };
}
