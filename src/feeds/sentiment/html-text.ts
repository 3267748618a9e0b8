/** Plain text out of the HTML that Discourse (`cooked`) and RSS/Atom bodies carry. */

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
};

/** Decodes `&amp;`, `&#39;`, `&#x1F680;` and the common named entities; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/**
 * Plain text of an HTML fragment: quotes of other posts (Discourse `aside.quote`, `blockquote`),
 * code blocks, scripts and styles are dropped, so a reply is scored on its own words; block ends
 * become line breaks, other tags vanish, entities are decoded, whitespace collapses.
 */
export function stripHtml(html: string): string {
  const withoutBlocks = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|pre|blockquote)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<aside\b[^>]*class="[^"]*\bquote\b[^"]*"[\s\S]*?<\/aside\s*>/gi, ' ');
  const text = withoutBlocks
    .replace(/<br\s*\/?>|<\/(p|div|li|h[1-6]|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
