import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/index.js';
import { dedupePosts, normaliseTitle, normaliseUrl } from './dedup.js';
import { scored } from './test-fixtures.js';

const T = Date.UTC(2025, 2, 10, 9);

describe('normaliseTitle', () => {
  it('lower-cases and drops accents and punctuation', () => {
    expect(normaliseTitle('NMR Staking: whát’s NEW?!')).toBe('nmr staking what s new');
  });

  it('is empty for titles under three words (too generic to identify a post)', () => {
    expect(normaliseTitle('Question?')).toBe('');
    expect(normaliseTitle('Staking help')).toBe('');
  });
});

describe('normaliseUrl', () => {
  it('ignores scheme, www, trailing slash, fragment and utm_ parameters', () => {
    const a = normaliseUrl('https://www.News.example.com/story/?utm_source=reddit&id=4#top');
    expect(a).toBe('news.example.com/story?id=4');
    expect(normaliseUrl('http://news.example.com/story?id=4')).toBe(a);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(normaliseUrl('mailto:someone@example.com')).toBeUndefined();
    expect(normaliseUrl('not a url')).toBeUndefined();
  });
});

describe('dedupePosts', () => {
  it('counts one story shared under the same URL once, keeping the earliest', () => {
    const reddit = scored({ id: 'reddit:t3_a', postedAt: T + 15 * 60_000, urls: ['news.example.com/a'] });
    const rss = scored({
      id: 'rss:x:1',
      kind: 'news',
      origin: 'rss:news.example.com',
      postedAt: T + 45 * 60_000,
      urls: ['news.example.com/a'],
    });
    const { kept, dropped } = dedupePosts([rss, reddit]);
    expect(kept.map((p) => p.id)).toEqual(['reddit:t3_a']);
    expect(dropped).toEqual([{ post: rss, duplicateOf: 'reddit:t3_a' }]);
  });

  it('counts the same normalised title from two origins once within 7 days', () => {
    const rss = scored({
      id: 'rss:1',
      origin: 'rss:news.example.com',
      postedAt: T,
      titleKey: 'nmr liquidity improves',
    });
    const panic = scored({
      id: 'cp:1',
      origin: 'cryptopanic',
      postedAt: T + 5 * 60_000,
      titleKey: 'nmr liquidity improves',
    });
    const later = scored({
      id: 'cp:2',
      origin: 'cryptopanic',
      postedAt: T + 8 * DAY_MS,
      titleKey: 'nmr liquidity improves',
    });
    expect(dedupePosts([panic, later, rss]).kept.map((p) => p.id)).toEqual(['rss:1', 'cp:2']);
  });

  it('keeps same-titled posts of one origin: two people asking the same question', () => {
    const a = scored({ id: 'reddit:t3_a', postedAt: T, titleKey: 'how do i stake nmr' });
    const b = scored({ id: 'reddit:t3_b', postedAt: T + 60_000, titleKey: 'how do i stake nmr' });
    expect(dedupePosts([a, b]).kept).toHaveLength(2);
  });

  it('never matches posts on an empty title key', () => {
    const a = scored({ id: 'forum:post:1', origin: 'forum:x', postedAt: T });
    const b = scored({ id: 'reddit:t3_b', postedAt: T });
    expect(dedupePosts([a, b]).kept).toHaveLength(2);
  });

  it('breaks a tie in time by keeping the titled post, then the smaller id', () => {
    const untitled = scored({ id: 'a', postedAt: T, urls: ['x.example/1'] });
    const titled = scored({ id: 'b', postedAt: T, urls: ['x.example/1'], titleKey: 'a real title here' });
    expect(dedupePosts([untitled, titled]).kept.map((p) => p.id)).toEqual(['b']);
    const c = scored({ id: 'c', postedAt: T, urls: ['x.example/2'] });
    const d = scored({ id: 'd', postedAt: T, urls: ['x.example/2'] });
    expect(dedupePosts([d, c]).kept.map((p) => p.id)).toEqual(['c']);
  });
});
