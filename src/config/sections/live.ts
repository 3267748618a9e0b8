import { z } from 'zod';

export const liveSchema = z
  .strictObject({
    reconcileMinutes: z
      .number()
      .positive()
      .default(5)
      .describe(
        'minutes between reconciliations of positions, open orders and fills with the exchange (one also runs at start)',
      ),
    orphanPolicy: z
      .enum(['adopt', 'close'])
      .default('adopt')
      .describe(
        'a position on the exchange the bot does not know (after a crash, a manual trade): adopt it (and protect it with a stop at risk.stopLossPct from its entry) or close it at market',
      ),
    confirm: z
      .boolean()
      .default(true)
      .describe('nmrbot live refuses to start without --confirm-live (false: no flag needed; not advised)'),
  })
  .prefault({})
  .describe('live: how `nmrbot live` keeps the bot and the exchange in agreement');
