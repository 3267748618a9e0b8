import { z } from 'zod';
import { envVarName, filePath } from './fields.js';

/** The NMR token contract on Ethereum mainnet (NumeraireBackend). */
const NMR_TOKEN_ADDRESS = '0x1776e1F26f98b1A5dF9cD347953a26dd3Cb46671';

/** The onchain feed (issue 5): NMR Transfer logs read over JSON-RPC, aggregated into hourly flows. */
export const onchainFeedSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('fetch this feed and feed its signal family'),
    rpcUrlEnv: envVarName()
      .default('NMRBOT_ETH_RPC_URL')
      .describe(
        'environment variable holding the Ethereum JSON-RPC URL (provider URLs embed API keys, so never in this file)',
      ),
    tokenAddress: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
      .default(NMR_TOKEN_ADDRESS)
      .describe('ERC-20 contract whose Transfer logs are read (NMR on Ethereum mainnet)'),
    startChunkBlocks: z
      .int()
      .min(1)
      .default(2000)
      .describe('blocks per eth_getLogs call to start with and to grow back to, blocks'),
    minChunkBlocks: z
      .int()
      .min(1)
      .default(5)
      .describe(
        'smallest eth_getLogs range after halving on provider errors; failing at it stops the fetch, blocks',
      ),
    confirmations: z
      .int()
      .min(0)
      .max(1000)
      .default(12)
      .describe(
        'blocks below the chain head kept unconfirmed: hours are aggregated only up to head - this, blocks',
      ),
    whaleThresholdNmr: z
      .number()
      .min(0.000001)
      .max(1e9)
      .default(10_000)
      .describe('a transfer of at least this many NMR counts as a whale transfer, NMR'),
    zWindowHours: z
      .int()
      .min(2)
      .max(24 * 365)
      .default(168)
      .describe('trailing hours the exchange netflow z-score is measured against (168 = one week), hours'),
    labelsFile: filePath()
      .optional()
      .meta({
        description:
          'JSON file of exchange and Numerai wallet labels (unset: the labels shipped with nmrbot, src/feeds/onchain/labels/exchange-wallets.json)',
        examples: ['./exchange-wallets.json'],
      }),
  })
  .refine((c) => c.minChunkBlocks <= c.startChunkBlocks, {
    message: 'minChunkBlocks must not exceed startChunkBlocks',
    path: ['minChunkBlocks'],
  })
  .prefault({})
  .describe('onchain feed: NMR Transfer flows to and from exchanges, whales, burns and Numerai');
