import { createRequire } from 'node:module';
import { InvariantError } from '../../core/index.js';
import type { SentimentLexicon } from './lexicon.js';
import type { SentimentScorer } from './scorer.types.js';

/** The parts of vader-sentiment's analyzer the scorer touches (the package ships no types). */
interface SentiText {
  readonly words_and_emoticons: string[];
  readonly is_cap_diff: boolean;
}
type ValenceFn = (
  valence: number,
  sentiText: SentiText,
  item: string,
  index: number,
  sentiments: number[],
) => number[];
interface VaderAnalyzer {
  polarity_scores(text: string): { compound: number };
  sentiment_valence: ValenceFn;
  never_check(valence: number, words: string[], startIndex: number, index: number): number;
  least_check(valence: number, words: string[], index: number): number;
}

const require = createRequire(import.meta.url);

function loadVader(): { analyzer: VaderAnalyzer; version: string } {
  const mod = require('vader-sentiment') as { SentimentIntensityAnalyzer?: Partial<VaderAnalyzer> };
  const pkg = require('vader-sentiment/package.json') as { version?: unknown };
  const sia = mod.SentimentIntensityAnalyzer;
  const fns = ['polarity_scores', 'sentiment_valence', 'never_check', 'least_check'] as const;
  if (!sia || fns.some((f) => typeof sia[f] !== 'function')) {
    throw new InvariantError(
      `vader-sentiment ${String(pkg.version)}: SentimentIntensityAnalyzer lacks ${fns.join('/')}`,
    );
  }
  return { analyzer: sia as VaderAnalyzer, version: String(pkg.version) };
}

const VADER = loadVader();

/** VADER's emphasis of a sentiment word in ALL CAPS among lower-case words. */
const C_INCR = 0.733;
/** Title + text beyond this many characters is not scored (VADER saturates long before). */
export const MAX_SCORED_CHARS = 5000;

const isUpper = (word: string): boolean => /^[^a-z]*[A-Z]+[^a-z]*$/.test(word);

/**
 * The lexicon's valence of the word at `index`: a two-word phrase puts its valence on its second word
 * and 0 on its first; undefined when the lexicon does not know the word (VADER's own lexicon decides).
 */
function ownValence(terms: ReadonlyMap<string, number>, words: readonly string[], index: number) {
  const word = (words[index] ?? '').toLowerCase();
  const next = words[index + 1]?.toLowerCase();
  const previous = words[index - 1]?.toLowerCase();
  if (next !== undefined && terms.has(`${word} ${next}`)) return 0;
  if (previous !== undefined && terms.has(`${previous} ${word}`)) return terms.get(`${previous} ${word}`);
  return terms.get(word);
}

/**
 * `sentiment_valence` with the lexicon on top: VADER's own for words the lexicon does not know; for
 * words it knows, the lexicon's valence with VADER's caps emphasis, negation ("not bullish") and
 * "least" checks. VADER's booster words ("very") are not applied to lexicon words.
 */
function valenceWithLexicon(terms: ReadonlyMap<string, number>, original: ValenceFn): ValenceFn {
  const sia = VADER.analyzer;
  const vaderKnows = (word: string): boolean =>
    original.call(sia, 0, { words_and_emoticons: [word], is_cap_diff: false }, word, 0, [])[0] !== 0;
  return (valence, sentiText, item, index, sentiments) => {
    const words = sentiText.words_and_emoticons;
    const own = ownValence(terms, words, index);
    if (own === undefined) return original.call(sia, valence, sentiText, item, index, sentiments);
    let v = own;
    if (v !== 0 && sentiText.is_cap_diff && isUpper(item)) v += v > 0 ? C_INCR : -C_INCR;
    for (let start = 0; start < 3 && index > start; start++) {
      // As VADER does: a sentiment-laden word in between stops the look-back for negations.
      if (!vaderKnows((words[index - start - 1] ?? '').toLowerCase())) {
        v = sia.never_check(v, words, start, index);
      }
    }
    sentiments.push(sia.least_check(v, words, index));
    return sentiments;
  };
}

/**
 * VADER (vader-sentiment) compound scores, optionally with a lexicon on top. vader-sentiment inlines
 * its lexicon in a webpack bundle, so terms are added by overriding the analyzer's static
 * `sentiment_valence`; the override is installed only for the duration of one synchronous
 * `polarity_scores` call and the previous function restored, so nothing leaks into other users of
 * the package (the trap sentiment@5's `extras` falls into).
 */
export function createVaderScorer(lexicon?: SentimentLexicon): SentimentScorer {
  const sia = VADER.analyzer;
  const terms = new Map(Object.entries(lexicon?.terms ?? {}));
  const id = `vader@${VADER.version}${lexicon ? `+${lexicon.version}` : ''}`;
  return {
    id,
    score(text: string): number {
      const input = text.length > MAX_SCORED_CHARS ? text.slice(0, MAX_SCORED_CHARS) : text;
      if (terms.size === 0) return sia.polarity_scores(input).compound;
      const original = sia.sentiment_valence;
      sia.sentiment_valence = valenceWithLexicon(terms, original);
      try {
        return sia.polarity_scores(input).compound;
      } finally {
        sia.sentiment_valence = original;
      }
    },
  };
}

/** The text a post is scored on: its title and body, one line each. */
export const scoredText = (title: string, text: string): string =>
  [title.trim(), text.trim()].filter((s) => s !== '').join('\n');
