import { z } from 'zod';

/** The sentiment feed (issue 5). */
export const sentimentFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('fetch this feed and feed its signal family'),
  })
  .prefault({})
  .describe('sentiment feed');
