import type {
  CryptoPanicPost,
  DiscoursePost,
  DiscourseTopic,
  RedditLinkData,
  RssItem,
  SocialDoubleData,
} from './double.types.js';

/**
 * SYNTHETIC social data: invented posts, topics and news about NMR in the real wire shapes, every
 * title starting "Synthetic". No real user, post or article. All on Monday 2025-03-10 (UTC):
 *
 *   09:xx  reddit 09:05, 09:40; forum topic 101 + its first post 09:20, a reply 09:50
 *   10:xx  reddit 10:15 (a link post), r/CryptoCurrency 10:30; RSS 10:45 links the 10:15 article (duplicate)
 *   11:xx  forum topic 102 11:05; CryptoPanic 11:10; reddit 11:20
 *   13:xx  r/CryptoCurrency 13:05 shares the 10:15 article again (duplicate); RSS 13:15;
 *          CryptoPanic 13:20 with the RSS title (duplicate); forum reply 13:30
 *   14:10  reddit (still in the open hour at SYNTHETIC_NOW)
 */
export const SYNTHETIC_DAY = Date.UTC(2025, 2, 10);
/** The fixtures' clock: 14:30 UTC, so hours 09-13 are complete and 14:00 is open. */
export const SYNTHETIC_NOW = at(14, 30);
export const SYNTHETIC_CRYPTOPANIC_TOKEN = 'synthetic-cp-token-5f1e9a';
export const SYNTHETIC_RSS_PATH = '/rss/synthetic-nmr-news.xml';
export const SYNTHETIC_ARTICLE = 'https://news.example.com/synthetic-numerai-staking-rules';

/** Epoch ms of hh:mm on the synthetic day. */
export function at(hour: number, minute: number): number {
  return SYNTHETIC_DAY + hour * 3_600_000 + minute * 60_000;
}

const iso = (t: number): string => new Date(t).toISOString();

export function syntheticRedditPost(
  sub: string,
  n: string,
  time: number,
  title: string,
  extra: Partial<RedditLinkData> = {},
): RedditLinkData {
  const permalink = `/r/${sub}/comments/synth${n}/${title.toLowerCase().replace(/[^a-z0-9]+/g, '_')}/`;
  return {
    id: `synth${n}`,
    name: `t3_synth${n}`,
    title,
    selftext: '',
    author: `synthetic_user_${n}`,
    created_utc: time / 1000,
    score: 1,
    num_comments: 0,
    permalink,
    url: `https://www.reddit.com${permalink}`,
    subreddit: sub,
    ...extra,
  };
}

const numerai: RedditLinkData[] = [
  syntheticRedditPost('numerai', '01', at(9, 5), 'Synthetic: staking payouts look bullish this round', {
    selftext: 'Synthetic example post. The payout factor is up and I feel good about it.',
    score: 12,
    num_comments: 3,
  }),
  syntheticRedditPost('numerai', '02', at(9, 40), 'Synthetic: got rekt on my stake, bearish', {
    score: 2,
    num_comments: 4,
  }),
  syntheticRedditPost('numerai', '03', at(10, 15), 'Synthetic: Numerai announces new staking rules', {
    url: SYNTHETIC_ARTICLE,
    score: 25,
    num_comments: 10,
  }),
  syntheticRedditPost('numerai', '04', at(11, 20), 'Synthetic: is the meta model doing well?', { score: -3 }),
  syntheticRedditPost('numerai', '05', at(14, 10), 'Synthetic: hodl NMR to the moon', { score: 7 }),
];

const cryptoCurrency: RedditLinkData[] = [
  syntheticRedditPost(
    'CryptoCurrency',
    '06',
    at(10, 30),
    'Synthetic: NMR dump after the unlock, FUD everywhere',
    {
      score: 40,
      num_comments: 22,
    },
  ),
  syntheticRedditPost('CryptoCurrency', '07', at(11, 45), 'Synthetic: Bitcoin reaches a new high', {
    score: 900,
  }),
  syntheticRedditPost(
    'CryptoCurrency',
    '08',
    at(13, 5),
    'Synthetic: Numeraire team announces staking rules',
    {
      url: `${SYNTHETIC_ARTICLE}?utm_source=reddit`,
      score: 3,
      num_comments: 1,
    },
  ),
];

function topic(
  id: number,
  created: number,
  bumped: number,
  title: string,
  extra: Partial<DiscourseTopic> = {},
) {
  return {
    id,
    title,
    slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    posts_count: 1,
    reply_count: 0,
    created_at: iso(created),
    last_posted_at: iso(bumped),
    bumped_at: iso(bumped),
    views: 40,
    like_count: 0,
    category_id: 5,
    pinned: false,
    tags: [],
    ...extra,
  } satisfies DiscourseTopic;
}

const topics: DiscourseTopic[] = [
  topic(90, Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1), 'Synthetic: welcome to the forum', { pinned: true }),
  topic(101, at(9, 20), at(13, 30), 'Synthetic: round 999 payouts discussion', {
    posts_count: 3,
    reply_count: 2,
    like_count: 5,
  }),
  topic(102, at(11, 5), at(11, 5), 'Synthetic: proposal to change the burn rule', { like_count: 1 }),
];

function post(
  id: number,
  t: DiscourseTopic,
  postNumber: number,
  created: number,
  cooked: string,
  extra: Partial<DiscoursePost> = {},
): DiscoursePost {
  return {
    id,
    username: `synthetic_forum_user_${id}`,
    created_at: iso(created),
    cooked,
    post_number: postNumber,
    post_type: 1,
    reply_count: 0,
    topic_id: t.id,
    topic_slug: t.slug,
    topic_title: t.title,
    ...extra,
  };
}

const [, t101, t102] = topics as [DiscourseTopic, DiscourseTopic, DiscourseTopic];
const posts: DiscoursePost[] = [
  post(
    5001,
    t101,
    1,
    at(9, 20),
    '<p>Synthetic example. The payout factor was great this round, <strong>nice</strong> work everyone!</p>',
    { reply_count: 2, actions_summary: [{ id: 2, count: 3 }] },
  ),
  post(
    5002,
    t101,
    2,
    at(9, 50),
    '<aside class="quote"><blockquote><p>this round was a disaster</p></blockquote></aside><p>Agreed, happy with my stake.</p>',
    { like_count: 1 },
  ),
  post(
    5003,
    t102,
    1,
    at(11, 5),
    '<p>Synthetic example. Too many models got burned last round; the burn rule hurts small stakers.</p>',
    { like_count: 0 },
  ),
  post(5004, t101, 3, at(13, 30), '<p>Still bullish on the meta model &amp; TC.</p>', { like_count: 2 }),
];

const rfc822 = (t: number): string => new Date(t).toUTCString();

const rssItems: RssItem[] = [
  {
    title: 'Synthetic News: Numerai announces new staking rules',
    link: SYNTHETIC_ARTICLE,
    guid: 'synthetic-news-1',
    pubDate: rfc822(at(10, 45)),
    description: '<p>A synthetic article about <b>staking</b> rules.</p>',
  },
  {
    title: 'Synthetic News: NMR liquidity improves on exchanges',
    link: 'https://news.example.com/synthetic-nmr-liquidity',
    guid: 'synthetic-news-2',
    pubDate: rfc822(at(13, 15)),
    description: '<p>Synthetic: market makers are happy &amp; spreads are tighter.</p>',
    comments: 4,
  },
  { title: 'Synthetic News: an undated item', guid: 'synthetic-news-3', description: '<p>No date.</p>' },
];

function news(id: number, time: number, title: string, votes: Record<string, number>): CryptoPanicPost {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    kind: 'news',
    domain: 'news.example.com',
    source: { title: 'Synthetic Newswire', region: 'en', domain: 'news.example.com' },
    title,
    published_at: iso(time),
    slug,
    id,
    url: `https://cryptopanic.com/news/${id}/${slug}`,
    created_at: iso(time),
    currencies: [{ code: 'NMR', title: 'Numeraire', slug: 'numeraire' }],
    votes: {
      negative: 0,
      positive: 0,
      important: 0,
      liked: 0,
      disliked: 0,
      lol: 0,
      toxic: 0,
      saved: 0,
      comments: 0,
      ...votes,
    },
  };
}

const cryptoPanic: CryptoPanicPost[] = [
  news(7002, at(11, 10), 'Synthetic News: Numerai fund reports strong returns', {
    positive: 5,
    important: 1,
  }),
  news(7001, at(13, 20), 'Synthetic News: NMR liquidity improves on exchanges', {
    positive: 3,
    important: 1,
    liked: 2,
    saved: 1,
  }),
];

/** The synthetic data set the double serves by default. */
export function syntheticSocialData(): SocialDoubleData {
  return {
    reddit: { numerai, CryptoCurrency: cryptoCurrency },
    forumTopics: topics,
    forumPosts: posts,
    rss: {
      [SYNTHETIC_RSS_PATH]: {
        title: 'Synthetic NMR News',
        link: 'https://news.example.com',
        items: rssItems,
      },
    },
    cryptoPanic,
    cryptoPanicToken: SYNTHETIC_CRYPTOPANIC_TOKEN,
  };
}
