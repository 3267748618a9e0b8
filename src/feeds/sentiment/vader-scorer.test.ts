import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/index.js';
import { loadLexicon, parseLexicon } from './lexicon.js';
import { createVaderScorer, scoredText } from './vader-scorer.js';

const plain = createVaderScorer();
const lexicon = loadLexicon();
const crypto = createVaderScorer(lexicon);

/** VADER's normalisation of a valence sum: x / sqrt(x^2 + 15), rounded to 4 places as the package does. */
const normalize = (x: number): number => Number((x / Math.sqrt(x * x + 15)).toFixed(4));

describe('createVaderScorer without a lexicon (plain VADER)', () => {
  it("gives VADER's published compound for its README sentences", () => {
    expect(plain.score('VADER is smart, handsome, and funny.')).toBe(0.8316);
    expect(plain.score('VADER is not smart, handsome, nor funny.')).toBe(-0.7424);
    expect(plain.score('I love this')).toBe(0.6369);
  });

  it('knows no crypto slang: "got rekt, bearish" is neutral', () => {
    expect(plain.score('got rekt, bearish')).toBe(0);
    expect(plain.score('NMR to the moon')).toBe(0);
  });

  it('names itself after the package version', () => {
    expect(plain.id).toBe('vader@1.1.3');
  });
});

describe('createVaderScorer with the crypto-numerai lexicon', () => {
  it('scores "got rekt, bearish" as rekt -3 + bearish -2 = -5 -> -0.7906 (0 without the lexicon)', () => {
    expect(crypto.score('got rekt, bearish')).toBe(normalize(-5));
    expect(crypto.score('got rekt, bearish')).toBe(-0.7906);
  });

  it('scores the starter terms with their lexicon valence', () => {
    expect(crypto.score('NMR to the moon'), 'moon +3').toBe(normalize(3));
    expect(crypto.score('fud everywhere'), 'fud -2 (VADER alone: -1.1)').toBe(normalize(-2));
    expect(plain.score('fud everywhere')).toBe(normalize(-1.1));
    expect(
      crypto.score('the payout factor dropped and everyone got burned'),
      'payout factor +0.5, burned -2',
    ).toBe(normalize(-1.5));
  });

  it('scores a two-word phrase once, on its second word', () => {
    expect(crypto.score('This is a rug pull'), 'rug pull -3, not rug -3 and pull').toBe(normalize(-3));
  });

  it("applies VADER's negation and caps emphasis to lexicon words", () => {
    expect(crypto.score('not bullish'), 'bullish +2 x -0.74').toBe(normalize(2 * -0.74));
    expect(crypto.score('BULLISH on nmr'), 'bullish +2 + 0.733 for caps').toBe(normalize(2.733));
  });

  it('leaves words the lexicon does not know to VADER', () => {
    expect(crypto.score('VADER is smart, handsome, and funny.')).toBe(0.8316);
  });

  it('leaves vader-sentiment untouched for everyone else after each call', () => {
    const require = createRequire(import.meta.url);
    const { SentimentIntensityAnalyzer: sia } = require('vader-sentiment') as {
      SentimentIntensityAnalyzer: {
        sentiment_valence: unknown;
        polarity_scores(t: string): { compound: number };
      };
    };
    const original = sia.sentiment_valence;
    crypto.score('got rekt, bearish');
    expect(sia.sentiment_valence).toBe(original);
    expect(sia.polarity_scores('got rekt, bearish').compound, 'no leak into the shared analyzer').toBe(0);
  });

  it('names itself after the package and the lexicon version', () => {
    expect(crypto.id).toBe('vader@1.1.3+crypto-numerai.v1');
  });
});

describe('scoredText', () => {
  it('joins title and body on separate lines and skips empty parts', () => {
    expect(scoredText(' Title ', '')).toBe('Title');
    expect(scoredText('Title', 'Body')).toBe('Title\nBody');
  });
});

describe('the shipped crypto-numerai.v1 lexicon', () => {
  it('holds the starter list from the integration notes with its valences', () => {
    expect(lexicon.version).toBe('crypto-numerai.v1');
    expect(lexicon.terms).toMatchObject({
      moon: 3,
      bullish: 2,
      bearish: -2,
      rekt: -3,
      dump: -2,
      pump: 1,
      fud: -2,
      hodl: 1,
      rug: -3,
      burn: -1.5,
    });
  });

  it('has Numerai tournament terms', () => {
    for (const term of ['payout', 'stake', 'burned', 'tc', 'mmc', 'meta model', 'payout factor']) {
      expect(lexicon.terms[term], term).toBeTypeOf('number');
    }
  });
});

describe('parseLexicon', () => {
  it('refuses terms that are not lower-case words and valences off the -4..+4 scale, naming the field', () => {
    expect(() => parseLexicon({ version: 'x.v1', source: 's', terms: { Moon: 3 } }, 'bad.json')).toThrow(
      /sentiment lexicon bad\.json: terms\.Moon: .*lower-case/,
    );
    expect(() => parseLexicon({ version: 'x.v1', source: 's', terms: { moon: 5 } }, 'bad.json')).toThrow(
      /terms\.moon: /,
    );
    expect(() => parseLexicon({ version: 'x', source: 's', terms: {} }, 'bad.json')).toThrow(InputError);
  });
});
