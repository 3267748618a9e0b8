import { createHash } from 'node:crypto';
import type { EpochMs } from '../../../core/index.js';
import type { SocialPost } from '../post.types.js';
import { type FeedItem, parseFeed } from './rss-parse.js';
import type { Listing, ListingContext, ListingResult } from './wire.js';

export interface RssFeedConfig {
  readonly url: string;
  readonly keywords?: readonly string[] | undefined;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the text mentions one of the keywords as a whole word (case-insensitive). */
function mentions(keywords: readonly string[], text: string): boolean {
  return keywords.some((k) =>
    new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(k)}($|[^\\p{L}\\p{N}])`, 'iu').test(text),
  );
}

/** A stable id: the feed's guid/id, else its link, else a hash of title and date. */
function itemId(host: string, item: FeedItem): string {
  const key =
    item.id ??
    item.link ??
    createHash('sha256')
      .update(`${item.title}\n${item.date ?? ''}`)
      .digest('hex');
  return `rss:${host}:${key}`;
}

/**
 * One RSS/Atom feed, read in one request (feeds do not page), scored as news. Items without a
 * readable date cannot be placed in an hour: they are skipped and counted in a note. With keywords,
 * only items mentioning one of them are kept.
 */
export function rssListing(feed: RssFeedConfig): Listing {
  const host = new URL(feed.url).host.toLowerCase();
  const label = `rss ${host}${new URL(feed.url).pathname}`;
  return {
    label,
    url: feed.url,
    interval: 'rss',
    async read(ctx: ListingContext): Promise<ListingResult> {
      const xml = await ctx.client.getText(
        feed.url,
        label,
        'application/rss+xml, application/atom+xml, application/xml, text/xml',
      );
      const items = parseFeed(xml, label);
      const posts: SocialPost[] = [];
      let undated = 0;
      for (const item of items) {
        const postedAt = item.date === undefined ? NaN : Date.parse(item.date);
        if (!Number.isFinite(postedAt)) {
          undated++;
          continue;
        }
        if (feed.keywords && !mentions(feed.keywords, `${item.title}\n${item.text}`)) continue;
        posts.push({
          id: itemId(host, item),
          kind: 'news',
          origin: `rss:${host}`,
          postedAt: postedAt as EpochMs,
          urls: item.link === undefined ? [] : [item.link],
          title: item.title,
          text: item.text,
          engagement: item.comments ?? 0,
        });
      }
      const notes =
        undated > 0 ? [`${label}: ${undated} of ${items.length} items without a readable date skipped`] : [];
      return { posts, pages: 1, notes };
    },
  };
}
