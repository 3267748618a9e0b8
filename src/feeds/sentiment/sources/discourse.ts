import { z } from 'zod';
import { stripHtml } from '../html-text.js';
import type { SocialPost } from '../post.types.js';
import {
  type Listing,
  type ListingContext,
  type ListingResult,
  isoTimestamp,
  joinUrl,
  oldest,
  parseAnswer,
} from './wire.js';

const count = z.int().min(0).default(0);

const latestSchema = z.object({
  topic_list: z.object({
    more_topics_url: z.string().nullish(),
    topics: z.array(
      z.object({
        id: z.int().positive(),
        title: z.string(),
        slug: z.string(),
        created_at: isoTimestamp,
        bumped_at: isoTimestamp.nullish(),
        like_count: count,
        reply_count: count,
        pinned: z.boolean().default(false),
      }),
    ),
  }),
});

const postsSchema = z.object({
  latest_posts: z.array(
    z.object({
      id: z.int().positive(),
      created_at: isoTimestamp,
      cooked: z.string(),
      post_number: z.int().positive(),
      post_type: z.int().default(1),
      topic_id: z.int().positive(),
      topic_slug: z.string(),
      topic_title: z.string().default(''),
      like_count: z.int().min(0).optional(),
      reply_count: count,
      actions_summary: z
        .array(z.object({ id: z.int(), count: z.int().min(0).optional() }).loose())
        .default([]),
    }),
  ),
});

/** Discourse's post type of regular posts (others are moderator actions and whispers). */
const REGULAR_POST = 1;
/** Discourse's post action id of a like, in `actions_summary`. */
const LIKE_ACTION = 2;

const forumOrigin = (forumUrl: string): string => `forum:${new URL(forumUrl).host.toLowerCase()}`;
/** A topic and its first post are one item: they share this id (and the topic URL). */
const topicId = (id: number): string => `forum:topic:${id}`;

/**
 * The forum's topics by last activity (`/latest.json?page=N`): each unpinned topic is scored on its
 * title, with likes + replies as engagement. Paged until a page's unpinned topics were all
 * last bumped before `from`, or there are no more.
 */
export function forumTopicsListing(forumUrl: string): Listing {
  const label = 'forum latest topics';
  return {
    label,
    url: forumUrl,
    interval: 'forum',
    async read(ctx: ListingContext): Promise<ListingResult> {
      const posts: SocialPost[] = [];
      let pages = 0;
      for (;;) {
        const what = `${label}, page ${pages + 1}`;
        const url = joinUrl(forumUrl, `/latest.json?page=${pages}`);
        const { topic_list: list } = parseAnswer(latestSchema, await ctx.client.getJson(url, what), what);
        pages++;
        // Pinned topics (welcome notes, rules) sit on top whatever their age: not news.
        for (const t of list.topics.filter((topic) => !topic.pinned)) {
          posts.push({
            id: topicId(t.id),
            kind: 'forum',
            origin: forumOrigin(forumUrl),
            postedAt: t.created_at,
            urls: [joinUrl(forumUrl, `/t/${t.slug}/${t.id}`)],
            title: t.title,
            text: '',
            engagement: t.like_count + t.reply_count,
          });
        }
        const active = list.topics.filter((t) => !t.pinned).map((t) => t.bumped_at ?? t.created_at);
        const reachedBack = ctx.from !== undefined && active.every((t) => t < (ctx.from ?? 0));
        if (list.topics.length === 0 || !list.more_topics_url || reachedBack || pages >= ctx.maxPages) break;
      }
      return { posts, pages };
    },
  };
}

/**
 * The forum's latest posts (`/posts.json`, paged with `?before=<post id>`), scored on their text
 * (`cooked` HTML stripped, quotes of other posts dropped). A topic's first post carries the topic's
 * title and id; replies carry their own words only. Engagement: likes + replies.
 */
export function forumPostsListing(forumUrl: string): Listing {
  const label = 'forum latest posts';
  return {
    label,
    url: forumUrl,
    interval: 'forum',
    async read(ctx: ListingContext): Promise<ListingResult> {
      const posts: SocialPost[] = [];
      const seen = new Set<number>();
      let before: number | undefined;
      let pages = 0;
      for (;;) {
        const what = `${label}, page ${pages + 1}`;
        const url = joinUrl(forumUrl, `/posts.json${before === undefined ? '' : `?before=${before}`}`);
        const answer = parseAnswer(postsSchema, await ctx.client.getJson(url, what), what);
        pages++;
        const fresh = answer.latest_posts.filter((p) => !seen.has(p.id));
        for (const p of fresh) {
          seen.add(p.id);
          if (p.post_type !== REGULAR_POST) continue;
          const likes = p.like_count ?? p.actions_summary.find((a) => a.id === LIKE_ACTION)?.count ?? 0;
          const opening = p.post_number === 1;
          posts.push({
            id: opening ? topicId(p.topic_id) : `forum:post:${p.id}`,
            kind: 'forum',
            origin: forumOrigin(forumUrl),
            postedAt: p.created_at,
            urls: [
              joinUrl(forumUrl, `/t/${p.topic_slug}/${p.topic_id}${opening ? '' : `/${p.post_number}`}`),
            ],
            title: opening ? p.topic_title : '',
            text: stripHtml(p.cooked),
            engagement: likes + p.reply_count,
          });
        }
        const page = fresh.map((p) => ({ postedAt: p.created_at }));
        const reachedBack = ctx.from !== undefined && (oldest(page) ?? -Infinity) < ctx.from;
        if (fresh.length === 0 || reachedBack || pages >= ctx.maxPages) break;
        before = Math.min(...fresh.map((p) => p.id));
      }
      return { posts, pages };
    },
  };
}
