import { z } from 'zod';

/** The numerai feed (issue 5): tournament rounds, stakes, payouts and meta-model scores. */
export const numeraiFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('fetch this feed and feed its signal family'),
    url: z
      .url({ protocol: /^https?$/ })
      .default('https://api-tournament.numer.ai')
      .describe('Numerai GraphQL endpoint (public reads, no key needed); --base-url overrides it'),
    tournament: z.int().positive().default(8).describe('tournament id: 8 Classic, 11 Signals, 12 Crypto'),
    metaModel: z
      .string()
      .min(1)
      .default('numerai_swmm')
      .describe(
        'model whose per-round CORR drives network health (numerai_swmm = stake-weighted meta model)',
      ),
    benchmarkModels: z
      .array(z.string().min(1))
      .refine((list) => new Set(list).size === list.length, { message: 'must not repeat a model' })
      .default((): string[] => ['v5_lgbm_ct_blend', 'v5_example_preds'])
      .describe('benchmark models whose per-round CORR and MMC are stored beside the meta model'),
    healthWindowRounds: z
      .int()
      .min(2)
      .default(20)
      .describe('trailing resolved rounds each network-health point compares the latest round with'),
    rereadRounds: z
      .int()
      .min(0)
      .default(5)
      .describe('stored rounds an incremental fetch reads again, so late revisions are picked up'),
    timeoutMs: z.int().positive().default(15_000).describe('timeout of one GraphQL request, milliseconds'),
    retries: z
      .int()
      .min(0)
      .max(10)
      .default(3)
      .describe('retries of a request after a 5xx, 429, timeout or network error (4xx are not retried)'),
    backoffMs: z
      .int()
      .min(0)
      .default(500)
      .describe('first retry delay, milliseconds; doubles per retry with jitter (a 429 Retry-After wins)'),
  })
  .prefault({})
  .describe('numerai feed');
