import { DAY_MS } from '../../core/index.js';
import type { ScoredPost } from './post.types.js';

/** Two posts of different origins with the same normalised title count once only this close in time. */
export const TITLE_DEDUP_WINDOW_MS = 7 * DAY_MS;
/** Titles shorter than this many words are too generic ("Question") to identify a post. */
export const MIN_TITLE_WORDS = 3;

/**
 * A title reduced to what identifies it: lower case, accents and punctuation removed, whitespace
 * collapsed ("NMR Staking: what's new?" -> "nmr staking what s new"). Empty when it has fewer than
 * MIN_TITLE_WORDS words.
 */
export function normaliseTitle(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  return words.length >= MIN_TITLE_WORDS ? words.join(' ') : '';
}

/**
 * A URL reduced to what identifies the page: scheme, `www.`, fragment, `utm_*` parameters and a
 * trailing slash dropped, host lower-cased. Undefined when it is not an http(s) URL.
 */
export function normaliseUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  const params = [...u.searchParams].filter(([k]) => !/^utm_/i.test(k));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const host = u.host.toLowerCase().replace(/^www\./, '');
  return `${host}${u.pathname.replace(/\/+$/, '')}${query}`;
}

/** Earliest first; on a tie the post with a title key, then the smaller id (deterministic). */
function before(a: ScoredPost, b: ScoredPost): number {
  if (a.postedAt !== b.postedAt) return a.postedAt - b.postedAt;
  if ((a.titleKey === '') !== (b.titleKey === '')) return a.titleKey === '' ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface DedupResult {
  /** Posts that count, earliest first. */
  readonly kept: ScoredPost[];
  /** Posts dropped, each with the id of the post it duplicates. */
  readonly dropped: { readonly post: ScoredPost; readonly duplicateOf: string }[];
}

/**
 * Counts every story once: a post is a duplicate of an earlier kept one with the same id, a shared
 * URL, or (from another origin, within TITLE_DEDUP_WINDOW_MS) the same normalised title. The
 * earliest copy is kept. Same-titled posts of one origin (two people asking "how do I stake NMR")
 * are different posts.
 */
export function dedupePosts(posts: readonly ScoredPost[]): DedupResult {
  const kept: ScoredPost[] = [];
  const dropped: DedupResult['dropped'] = [];
  const byId = new Map<string, ScoredPost>();
  const byUrl = new Map<string, ScoredPost>();
  const byTitle = new Map<string, ScoredPost[]>();
  for (const post of [...posts].sort(before)) {
    const twin =
      byId.get(post.id) ??
      post.urls.map((u) => byUrl.get(u)).find((p) => p !== undefined) ??
      (byTitle.get(post.titleKey) ?? []).find(
        (p) => p.origin !== post.origin && post.postedAt - p.postedAt <= TITLE_DEDUP_WINDOW_MS,
      );
    if (twin) {
      if (twin.id !== post.id) dropped.push({ post, duplicateOf: twin.id });
      continue;
    }
    kept.push(post);
    byId.set(post.id, post);
    for (const u of post.urls) byUrl.set(u, post);
    if (post.titleKey !== '') {
      const same = byTitle.get(post.titleKey);
      if (same) same.push(post);
      else byTitle.set(post.titleKey, [post]);
    }
  }
  return { kept, dropped };
}
