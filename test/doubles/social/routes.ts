import type {
  RedditLinkData,
  RssChannel,
  SocialDoubleData,
  SocialDoubleOptions,
  SocialRoute,
} from './double.types.js';

/** One answer of the double before failures are applied. */
export interface SocialReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export interface RouteContext {
  readonly data: SocialDoubleData;
  readonly now: number;
  readonly pageSize: NonNullable<SocialDoubleOptions['pageSize']>;
}

const json = (body: unknown, status = 200): SocialReply => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

const notFound = (): SocialReply => json({ error: 404, message: 'Not Found' }, 404);

/** Which part of the double a path belongs to. */
export function routeOf(path: string, data: SocialDoubleData): SocialRoute | 'unknown' {
  if (/^\/r\/[^/]+\/(new|search)\.json$/.test(path)) return 'reddit';
  if (path === '/latest.json' || path === '/posts.json') return 'forum';
  if (/^\/api\/(v1|developer\/v2)\/posts\/?$/.test(path)) return 'cryptopanic';
  if (data.rss[path] !== undefined) return 'rss';
  return 'unknown';
}

/** Reddit search: every `OR` term must appear as a word in title or text (case-insensitive). */
function matchesQuery(post: RedditLinkData, query: string): boolean {
  const terms = query.split(/\s+OR\s+/).map((t) => t.trim().toLowerCase());
  const text = `${post.title}\n${post.selftext}`.toLowerCase();
  return terms.some((t) => new RegExp(`\\b${t.replace(/[^a-z0-9 ]/g, '')}\\b`).test(text));
}

function reddit(url: URL, ctx: RouteContext): SocialReply {
  const [, , sub = '', endpoint = ''] = url.pathname.split('/');
  const key = Object.keys(ctx.data.reddit).find((k) => k.toLowerCase() === sub.toLowerCase());
  if (key === undefined) return notFound();
  let posts = (ctx.data.reddit[key] ?? []).filter((p) => p.created_utc * 1000 <= ctx.now);
  if (endpoint === 'search.json') {
    const q = url.searchParams.get('q') ?? '';
    if (url.searchParams.get('restrict_sr') !== 'on' || url.searchParams.get('sort') !== 'new') {
      return json({ message: 'synthetic double: search needs restrict_sr=on&sort=new', error: 400 }, 400);
    }
    posts = posts.filter((p) => matchesQuery(p, q));
  }
  posts = [...posts].sort((a, b) => b.created_utc - a.created_utc);
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), ctx.pageSize.reddit ?? 100);
  const after = url.searchParams.get('after');
  const start = after === null ? 0 : posts.findIndex((p) => p.name === after) + 1;
  const page = posts.slice(start, start + limit);
  const more = start + limit < posts.length;
  return json({
    kind: 'Listing',
    data: {
      after: more ? (page.at(-1)?.name ?? null) : null,
      dist: page.length,
      modhash: '',
      before: null,
      children: page.map((p) => ({ kind: 't3', data: p })),
    },
  });
}

function latest(url: URL, ctx: RouteContext): SocialReply {
  const size = ctx.pageSize.topics ?? 30;
  const pageNo = Number(url.searchParams.get('page') ?? 0);
  const topics = ctx.data.forumTopics
    .filter((t) => Date.parse(t.created_at) <= ctx.now)
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || Date.parse(b.bumped_at) - Date.parse(a.bumped_at));
  const page = topics.slice(pageNo * size, (pageNo + 1) * size);
  const more = (pageNo + 1) * size < topics.length;
  return json({
    users: [{ id: 1, username: 'synthetic_forum_user' }],
    topic_list: {
      can_create_topic: false,
      ...(more ? { more_topics_url: `/latest?page=${pageNo + 1}` } : {}),
      per_page: size,
      topics: page,
    },
  });
}

function latestPosts(url: URL, ctx: RouteContext): SocialReply {
  const size = ctx.pageSize.posts ?? 50;
  const before = url.searchParams.get('before');
  const posts = ctx.data.forumPosts
    .filter((p) => Date.parse(p.created_at) <= ctx.now && (before === null || p.id < Number(before)))
    .sort((a, b) => b.id - a.id)
    .slice(0, size);
  return json({ latest_posts: posts });
}

function cryptoPanic(url: URL, ctx: RouteContext): SocialReply {
  if (url.searchParams.get('auth_token') !== ctx.data.cryptoPanicToken) {
    return json({ status: 'Incomplete', info: 'Token not found' }, 401);
  }
  const size = ctx.pageSize.cryptoPanic ?? 20;
  const pageNo = Number(url.searchParams.get('page') ?? 1);
  const currencies = (url.searchParams.get('currencies') ?? '').split(',').filter((c) => c !== '');
  const results = ctx.data.cryptoPanic
    .filter((r) => Date.parse(r.published_at) <= ctx.now)
    .filter((r) => currencies.length === 0 || r.currencies.some((c) => currencies.includes(c.code)))
    .sort((a, b) => Date.parse(b.published_at) - Date.parse(a.published_at));
  const page = results.slice((pageNo - 1) * size, pageNo * size);
  const link = (n: number): string => {
    const next = new URL(url.toString());
    next.searchParams.set('page', String(n));
    return next.toString();
  };
  return json({
    count: results.length,
    next: pageNo * size < results.length ? link(pageNo + 1) : null,
    previous: pageNo > 1 ? link(pageNo - 1) : null,
    results: page,
  });
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 document of the channel's items published by `now` (undated items always listed). */
export function renderRss(channel: RssChannel, now: number): string {
  const items = channel.items
    .filter((i) => i.pubDate === undefined || Date.parse(i.pubDate) <= now)
    .map((i) =>
      [
        '    <item>',
        `      <title>${xmlEscape(i.title)}</title>`,
        i.link === undefined ? '' : `      <link>${xmlEscape(i.link)}</link>`,
        i.guid === undefined ? '' : `      <guid isPermaLink="false">${xmlEscape(i.guid)}</guid>`,
        i.pubDate === undefined ? '' : `      <pubDate>${i.pubDate}</pubDate>`,
        `      <description><![CDATA[${i.description}]]></description>`,
        i.comments === undefined ? '' : `      <slash:comments>${i.comments}</slash:comments>`,
        '    </item>',
      ]
        .filter((l) => l !== '')
        .join('\n'),
    );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">',
    '  <channel>',
    `    <title>${xmlEscape(channel.title)}</title>`,
    `    <link>${xmlEscape(channel.link)}</link>`,
    ...items,
    '  </channel>',
    '</rss>',
  ].join('\n');
}

/** The normal answer to a GET of `url`. */
export function answer(url: URL, ctx: RouteContext): SocialReply {
  switch (routeOf(url.pathname, ctx.data)) {
    case 'reddit':
      return reddit(url, ctx);
    case 'forum':
      return url.pathname === '/latest.json' ? latest(url, ctx) : latestPosts(url, ctx);
    case 'cryptopanic':
      return cryptoPanic(url, ctx);
    case 'rss': {
      const channel = ctx.data.rss[url.pathname];
      if (channel === undefined) return notFound();
      return {
        status: 200,
        contentType: 'application/rss+xml; charset=utf-8',
        body: renderRss(channel, ctx.now),
      };
    }
    case 'unknown':
      return notFound();
  }
}
