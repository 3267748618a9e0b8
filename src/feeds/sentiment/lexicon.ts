import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { InputError } from '../../core/index.js';

/** A versioned sentiment lexicon: `{version, source, terms: {word or two-word phrase: valence}}`. */
export interface SentimentLexicon {
  /** `crypto-numerai.v1`; part of the scorer id stored with every scored post. */
  readonly version: string;
  /** Where the terms and valences come from. */
  readonly source: string;
  /** Lower-case word or two-word phrase -> valence on VADER's -4..+4 scale. */
  readonly terms: Readonly<Record<string, number>>;
}

const TERM = /^[a-z0-9][a-z0-9'-]*( [a-z0-9][a-z0-9'-]*)?$/;

const lexiconSchema = z.strictObject({
  version: z.string().regex(/^[a-z0-9-]+\.v\d+$/, 'must look like name.v1'),
  source: z.string().min(1),
  terms: z.record(z.string(), z.number().min(-4).max(4)).superRefine((terms, ctx) => {
    for (const term of Object.keys(terms)) {
      if (!TERM.test(term)) {
        ctx.addIssue({ code: 'custom', path: [term], message: 'must be one or two lower-case words' });
      }
    }
  }),
});

export const SHIPPED_LEXICON = 'crypto-numerai.v1.json';

/** The lexicon shipped with nmrbot (from `dist/`, tsc does not copy JSON: then the `src/` copy). */
export function defaultLexiconFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'lexicon', SHIPPED_LEXICON);
  if (fs.existsSync(beside)) return beside;
  return path.resolve(here, '..', '..', '..', 'src', 'feeds', 'sentiment', 'lexicon', SHIPPED_LEXICON);
}

/** Validates a parsed lexicon; `origin` names the file in errors. */
export function parseLexicon(raw: unknown, origin: string): SentimentLexicon {
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
    throw new InputError(`sentiment lexicon ${origin}: ${lines.join('; ')}`);
  }
  return parsed.data;
}

/** Reads and validates a lexicon file (default: the shipped crypto-numerai.v1). */
export function loadLexicon(file: string = defaultLexiconFile()): SentimentLexicon {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`sentiment lexicon ${file}: cannot read it as JSON: ${(err as Error).message}`);
  }
  return parseLexicon(raw, file);
}
