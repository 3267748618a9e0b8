import { z } from 'zod';
import { numeraiFeedSchema } from './feeds-numerai.js';
import { onchainFeedSchema } from './feeds-onchain.js';
import { sentimentFeedSchema } from './feeds-sentiment.js';

/** Feeds outside the exchange: the Numerai network, on-chain NMR flows, social sentiment. */
export const feedsSchema = z
  .strictObject({
    numerai: numeraiFeedSchema,
    onchain: onchainFeedSchema,
    sentiment: sentimentFeedSchema,
  })
  .prefault({})
  .describe(
    'feeds: Numerai network, on-chain NMR, social sentiment (each optional; a dead feed leaves its family neutral)',
  );
