import { z } from 'zod';

/** The onchain feed (issue 5). */
export const onchainFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('fetch this feed and feed its signal family'),
  })
  .prefault({})
  .describe('onchain feed');
