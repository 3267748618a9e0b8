import { describe, expect, it } from 'vitest';
import { InputError } from '../../../core/index.js';
import { parseFeed } from './rss-parse.js';

describe('parseFeed', () => {
  it('reads RSS 2.0 items: entities, CDATA HTML, guid, pubDate, slash:comments', () => {
    const xml = `<?xml version="1.0"?>
      <rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel><title>Synthetic</title>
        <item><title>Synthetic: AT&amp;T &lt;3 NMR</title><link>https://news.example.com/a</link>
          <guid isPermaLink="false">g-1</guid><pubDate>Mon, 10 Mar 2025 09:15:00 GMT</pubDate>
          <description><![CDATA[<p>Bullish &amp; <b>happy</b></p>]]></description><slash:comments>7</slash:comments></item>
        <!-- <item><title>commented out</title></item> -->
        <item><title>Synthetic: second</title><description>&lt;p&gt;escaped html&lt;/p&gt;</description></item>
      </channel></rss>`;
    expect(parseFeed(xml, 'rss test')).toEqual([
      {
        id: 'g-1',
        title: 'Synthetic: AT&T <3 NMR',
        link: 'https://news.example.com/a',
        text: 'Bullish & happy',
        date: 'Mon, 10 Mar 2025 09:15:00 GMT',
        comments: 7,
      },
      {
        id: undefined,
        title: 'Synthetic: second',
        link: undefined,
        text: 'escaped html',
        date: undefined,
        comments: undefined,
      },
    ]);
  });

  it('reads Atom entries: alternate link, published before updated, content before summary', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><title>Synthetic</title>
      <entry><id>urn:synthetic:1</id><title type="html">Synthetic &amp; atom</title>
        <link rel="self" href="https://x.example/self"/><link rel="alternate" href="https://x.example/post-1"/>
        <updated>2025-03-10T10:00:00Z</updated><published>2025-03-10T09:30:00Z</published>
        <summary>short</summary><content type="html">&lt;p&gt;the full text&lt;/p&gt;</content></entry>
    </feed>`;
    expect(parseFeed(xml, 'atom test')).toEqual([
      {
        id: 'urn:synthetic:1',
        title: 'Synthetic & atom',
        link: 'https://x.example/post-1',
        text: 'the full text',
        date: '2025-03-10T09:30:00Z',
        comments: undefined,
      },
    ]);
  });

  it('reads RSS 1.0 (RDF) items with dc:date', () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item rdf:about="https://x.example/1"><title>Synthetic rdf</title><link>https://x.example/1</link>
      <dc:date>2025-03-10T09:00:00Z</dc:date></item></rdf:RDF>`;
    expect(parseFeed(xml, 'rdf test')[0]).toMatchObject({
      title: 'Synthetic rdf',
      date: '2025-03-10T09:00:00Z',
    });
  });

  it('refuses a document that is no feed, naming the source', () => {
    expect(() =>
      parseFeed('<html><body>Service unavailable</body></html>', 'rss news.example.com/feed'),
    ).toThrow(InputError);
    expect(() => parseFeed('{"not":"xml"}', 'rss news.example.com/feed')).toThrow(
      /^rss news\.example\.com\/feed: not an RSS or Atom feed/,
    );
  });
});
