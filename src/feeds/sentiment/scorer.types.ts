/**
 * Scores one text's sentiment. VADER with the crypto/Numerai lexicon is the default
 * (`createVaderScorer`); a model scorer can replace it behind this interface.
 */
export interface SentimentScorer {
  /** Names the scorer and its lexicon or model version; stored with every post it scored. */
  readonly id: string;
  /** Compound sentiment of `text` in [-1, 1]: -1 most negative, 0 neutral, +1 most positive. */
  score(text: string): number;
}
