import { z } from 'zod';

/** The numerai feed (issue 5). */
export const numeraiFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('fetch this feed and feed its signal family'),
  })
  .prefault({})
  .describe('numerai feed');
