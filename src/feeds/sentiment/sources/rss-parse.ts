import { InputError } from '../../../core/index.js';
import { decodeEntities, stripHtml } from '../html-text.js';

/** One item of an RSS 2.0 / RSS 1.0 (RDF) / Atom feed, as plain text. */
export interface FeedItem {
  /** guid (RSS) or id (Atom); undefined when the feed gives none. */
  readonly id: string | undefined;
  readonly title: string;
  readonly link: string | undefined;
  /** description / content:encoded (RSS) or summary / content (Atom), HTML stripped. */
  readonly text: string;
  /** The date text as written (pubDate, dc:date, published, updated); undefined when missing. */
  readonly date: string | undefined;
  /** `slash:comments` when the feed counts comments. */
  readonly comments: number | undefined;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Inner XML of the first `<name ...>...</name>` (or undefined; a self-closed element gives ''). */
function element(xml: string, name: string): { attrs: string; inner: string } | undefined {
  const n = escapeRe(name);
  const m = new RegExp(`<${n}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${n}\\s*>)`, 'i').exec(xml);
  return m ? { attrs: m[1] ?? '', inner: m[2] ?? '' } : undefined;
}

/** Text content: CDATA sections taken literally, everything else entity-decoded. */
function textContent(inner: string): string {
  let out = '';
  let last = 0;
  const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  for (let m = cdata.exec(inner); m !== null; m = cdata.exec(inner)) {
    out += decodeEntities(inner.slice(last, m.index)) + (m[1] ?? '');
    last = m.index + m[0].length;
  }
  return out + decodeEntities(inner.slice(last));
}

const attr = (attrs: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${escapeRe(name)}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(attrs);
  return m ? decodeEntities(m[2] ?? m[3] ?? '') : undefined;
};

const first = (xml: string, names: readonly string[]): string | undefined => {
  for (const name of names) {
    const e = element(xml, name);
    if (e !== undefined) return textContent(e.inner).trim();
  }
  return undefined;
};

/** Atom's `<link rel="alternate" href>` (or a link without rel); RSS's `<link>url</link>`. */
function linkOf(block: string, atom: boolean): string | undefined {
  if (!atom) return first(block, ['link']) || undefined;
  const links = [...block.matchAll(/<link\b([^>]*?)\/?>/gi)].map((m) => m[1] ?? '');
  const alternate = links.find((a) => (attr(a, 'rel') ?? 'alternate') === 'alternate');
  return alternate === undefined ? undefined : attr(alternate, 'href');
}

function itemOf(block: string, atom: boolean): FeedItem {
  const body = atom ? ['content', 'summary'] : ['content:encoded', 'description'];
  const comments = Number(first(block, ['slash:comments']) ?? NaN);
  return {
    id: first(block, atom ? ['id'] : ['guid']) || undefined,
    title: stripHtml(first(block, ['title']) ?? ''),
    link: linkOf(block, atom),
    text: stripHtml(first(block, body) ?? ''),
    date: first(block, atom ? ['published', 'updated'] : ['pubDate', 'dc:date']) || undefined,
    comments: Number.isFinite(comments) && comments >= 0 ? comments : undefined,
  };
}

/**
 * The items of an RSS 2.0, RSS 1.0 (RDF) or Atom document, in document order. A small tolerant
 * reader, not a validating XML parser: enough for feeds' flat item lists.
 * @throws InputError naming `what` when the text is not such a feed
 */
export function parseFeed(xml: string, what: string): FeedItem[] {
  const doc = xml.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  const atom = /<feed[\s>]/i.test(doc);
  if (!atom && !/<(rss|rdf:RDF)[\s>]/i.test(doc)) {
    const start = doc.trim().slice(0, 60).replace(/\s+/g, ' ');
    throw new InputError(`${what}: not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed>): "${start}"`);
  }
  const tag = atom ? 'entry' : 'item';
  return [...doc.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}\\s*>`, 'gi'))].map((m) =>
    itemOf(m[1] ?? '', atom),
  );
}
