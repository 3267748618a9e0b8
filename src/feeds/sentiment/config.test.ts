import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { defaultConfig, parseConfig, redact } from '../../config/index.js';

const issuesOf = (sentiment: unknown): readonly string[] => {
  try {
    parseConfig({ feeds: { sentiment } });
    return [];
  } catch (err) {
    return err instanceof ConfigError ? err.issues : [String(err)];
  }
};

describe('feeds.sentiment config', () => {
  const cfg = defaultConfig().feeds.sentiment;

  it('defaults to r/numerai, a search of r/CryptoCurrency, the Numerai forum and CryptoPanic via an env var', () => {
    expect(cfg).toEqual({
      enabled: true,
      subreddits: [{ name: 'numerai' }, { name: 'CryptoCurrency', query: 'numeraire OR NMR' }],
      redditUrl: 'https://www.reddit.com',
      forumUrl: 'https://forum.numer.ai',
      rssFeeds: [],
      cryptoPanicTokenEnv: 'NMRBOT_CRYPTOPANIC_TOKEN',
      cryptoPanicUrl: 'https://cryptopanic.com/api/v1/posts/',
      userAgent: 'nodejs:nmrbot:0.1.0 (sentiment feed)',
      minIntervalMs: { reddit: 2000, forum: 1000, rss: 1000, cryptoPanic: 1000 },
      timeoutMs: 15_000,
      retries: 3,
      backoffMs: 1000,
      maxPages: 10,
      rereadHours: 24,
    });
  });

  it('has no key the config redactor would blank (printing the config keeps every value)', () => {
    expect(redact(cfg)).toEqual(cfg);
  });

  it('accepts RSS feeds with keyword filters', () => {
    const parsed = parseConfig({
      feeds: {
        sentiment: {
          rssFeeds: [
            { url: 'https://medium.com/feed/numerai' },
            { url: 'https://x.example/rss', keywords: ['NMR'] },
          ],
        },
      },
    });
    expect(parsed.feeds.sentiment.rssFeeds).toHaveLength(2);
  });

  it('names the field of a bad value', () => {
    expect(issuesOf({ subreddits: [{ name: 'r/numerai' }] })).toEqual([
      expect.stringMatching(/^feeds\.sentiment\.subreddits\[0\]\.name: must be a subreddit name without r\//),
    ]);
    expect(issuesOf({ subreddits: [{ name: 'numerai' }, { name: 'Numerai' }] })).toEqual([
      expect.stringMatching(/^feeds\.sentiment\.subreddits: must not repeat a subreddit/),
    ]);
    expect(issuesOf({ cryptoPanicTokenEnv: 'my-token' })).toEqual([
      expect.stringMatching(/^feeds\.sentiment\.cryptoPanicTokenEnv: must be an environment variable name/),
    ]);
    expect(issuesOf({ forumUrl: 'ftp://forum.numer.ai' })).toHaveLength(1);
    expect(issuesOf({ minIntervalMs: { reddit: -1 } })[0]).toMatch(
      /^feeds\.sentiment\.minIntervalMs\.reddit: /,
    );
  });
});
