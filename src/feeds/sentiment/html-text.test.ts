import { describe, expect, it } from 'vitest';
import { decodeEntities, stripHtml } from './html-text.js';

describe('decodeEntities', () => {
  it('decodes named, decimal and hex entities and leaves unknown ones', () => {
    expect(decodeEntities('AT&amp;T &lt;3 &#39;x&#39; &#x1F680; &bogus;')).toBe("AT&T <3 'x' 🚀 &bogus;");
  });
});

describe('stripHtml', () => {
  it("turns Discourse's cooked HTML into plain text, one line per block", () => {
    expect(stripHtml('<p>Payouts are <strong>up</strong> &amp; fine.</p><p>Second<br>line</p>')).toBe(
      'Payouts are up & fine.\nSecond\nline',
    );
  });

  it('drops quotes of other posts and code, so a reply is scored on its own words', () => {
    const cooked =
      '<aside class="quote no-group" data-post="2"><div class="title">x said:</div><blockquote><p>this is terrible</p></blockquote></aside>' +
      '<p>I disagree, it is great.</p><pre><code>rm -rf bad</code></pre><blockquote>awful</blockquote>';
    expect(stripHtml(cooked)).toBe('I disagree, it is great.');
  });
});
