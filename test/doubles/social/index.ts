/**
 * A loopback double of the sentiment feed's sources (Reddit listings, the Discourse forum's
 * /latest.json and /posts.json, an RSS feed, CryptoPanic posts) serving SYNTHETIC fixtures in the
 * real wire shapes, with fault injection (429 + Retry-After, 500, malformed JSON, wrong field types,
 * dropped connections):
 *
 *   const double = await startSocialDouble({ now: () => clock.t });
 *   await sentimentFeed.fetch(store, config, { baseUrl: double.url });
 *   await double.close();
 */
export { startSocialDouble, type SocialDouble } from './server.js';
export {
  type SocialDoubleData,
  type SocialDoubleOptions,
  type SocialDoubleRequest,
  type SocialFailurePlan,
  type SocialFailureMode,
  type SocialRoute,
  type RedditLinkData,
  type DiscourseTopic,
  type DiscoursePost,
  type CryptoPanicPost,
  type RssItem,
  type RssChannel,
  SOCIAL_FAILURE_MODES,
} from './double.types.js';
export {
  syntheticSocialData,
  syntheticRedditPost,
  at,
  SYNTHETIC_DAY,
  SYNTHETIC_NOW,
  SYNTHETIC_CRYPTOPANIC_TOKEN,
  SYNTHETIC_RSS_PATH,
  SYNTHETIC_ARTICLE,
} from './synthetic-fixtures.js';
export { renderRss } from './routes.js';
