/**
 * What the social double serves, in the real wire shapes (NOTES-integrations section 10): Reddit
 * `t3` link data, Discourse topics and `latest_posts` entries, CryptoPanic results, RSS items. Times
 * are as the APIs write them (Reddit `created_utc` in seconds, the others ISO-8601 / RFC 822).
 */

/** The `data` of a Reddit `t3` thing. */
export interface RedditLinkData {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly selftext: string;
  readonly author: string;
  readonly created_utc: number;
  readonly score: number;
  readonly num_comments: number;
  readonly permalink: string;
  readonly url: string;
  readonly subreddit: string;
}

/** A topic of Discourse's `/latest.json` `topic_list.topics`. */
export interface DiscourseTopic {
  readonly id: number;
  readonly title: string;
  readonly slug: string;
  readonly posts_count: number;
  readonly reply_count: number;
  readonly created_at: string;
  readonly last_posted_at: string;
  readonly bumped_at: string;
  readonly views: number;
  readonly like_count: number;
  readonly category_id: number;
  readonly pinned: boolean;
  readonly tags: readonly string[];
}

/** A post of Discourse's `/posts.json` `latest_posts`. */
export interface DiscoursePost {
  readonly id: number;
  readonly username: string;
  readonly created_at: string;
  readonly cooked: string;
  readonly post_number: number;
  readonly post_type: number;
  readonly reply_count: number;
  readonly like_count?: number;
  readonly actions_summary?: readonly { readonly id: number; readonly count: number }[];
  readonly topic_id: number;
  readonly topic_slug: string;
  readonly topic_title: string;
}

/** A result of CryptoPanic's `/posts/`. */
export interface CryptoPanicPost {
  readonly kind: string;
  readonly domain: string;
  readonly source: { readonly title: string; readonly region: string; readonly domain: string };
  readonly title: string;
  readonly published_at: string;
  readonly slug: string;
  readonly id: number;
  readonly url: string;
  readonly created_at: string;
  readonly currencies: readonly { readonly code: string; readonly title: string; readonly slug: string }[];
  readonly votes: Readonly<Record<string, number>>;
}

/** An RSS 2.0 item (rendered to XML by the double; description is HTML, sent as CDATA). */
export interface RssItem {
  readonly title: string;
  readonly link?: string;
  readonly guid?: string;
  /** RFC 822, as RSS writes it; undefined for an item without a date. */
  readonly pubDate?: string;
  readonly description: string;
  readonly comments?: number;
}

export interface RssChannel {
  readonly title: string;
  readonly link: string;
  readonly items: readonly RssItem[];
}

export interface SocialDoubleData {
  /** Link posts per subreddit (any case; matched case-insensitively). */
  readonly reddit: Readonly<Record<string, readonly RedditLinkData[]>>;
  readonly forumTopics: readonly DiscourseTopic[];
  readonly forumPosts: readonly DiscoursePost[];
  /** Feeds by request path, e.g. `/rss/synthetic-nmr-news.xml`. */
  readonly rss: Readonly<Record<string, RssChannel>>;
  readonly cryptoPanic: readonly CryptoPanicPost[];
  /** The only auth_token CryptoPanic accepts. */
  readonly cryptoPanicToken: string;
}

/** Which part of the double a failure plan hits. */
export type SocialRoute = 'reddit' | 'forum' | 'rss' | 'cryptopanic';

export const SOCIAL_FAILURE_MODES = [
  /** 429 with `Retry-After: <retryAfterSeconds>`. */
  'http-429',
  /** 500 with a body echoing the request path (query included, as some servers do). */
  'http-500',
  /** 200 with a truncated JSON body. */
  'malformed-json',
  /** 200, valid JSON, but the first item's time field is text. */
  'wrong-type',
  /** The connection is dropped without an answer. */
  'socket-destroy',
] as const;
export type SocialFailureMode = (typeof SOCIAL_FAILURE_MODES)[number];

export interface SocialFailurePlan {
  readonly route: SocialRoute;
  readonly mode: SocialFailureMode;
  /** Requests to the route answered normally before failing starts (default 0). */
  readonly afterRequests?: number;
  /** How many requests fail (default: all later ones). */
  readonly times?: number;
}

export interface SocialDoubleRequest {
  readonly route: SocialRoute | 'unknown';
  /** Path and query as received. */
  readonly path: string;
  readonly userAgent: string | undefined;
  readonly status: number;
  /** Wall time the request arrived, ms. */
  readonly receivedAt: number;
}

export interface SocialDoubleOptions {
  readonly data?: SocialDoubleData;
  /** Items created after this time are not listed yet (default: everything is). */
  readonly now?: () => number;
  readonly retryAfterSeconds?: number;
  /** Page sizes, small to exercise paging (defaults: Reddit as asked up to 100, 30 topics, 50 posts, 20 news). */
  readonly pageSize?: Partial<Record<'reddit' | 'topics' | 'posts' | 'cryptoPanic', number>>;
}
