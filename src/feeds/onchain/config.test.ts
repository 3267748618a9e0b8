import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { defaultConfig, parseConfig } from '../../config/index.js';

describe('feeds.onchain config', () => {
  it('has the documented defaults', () => {
    expect(defaultConfig().feeds.onchain).toEqual({
      enabled: true,
      rpcUrlEnv: 'NMRBOT_ETH_RPC_URL',
      tokenAddress: '0x1776e1F26f98b1A5dF9cD347953a26dd3Cb46671',
      startChunkBlocks: 2000,
      minChunkBlocks: 5,
      confirmations: 12,
      whaleThresholdNmr: 10_000,
      zWindowHours: 168,
    });
  });

  it('names each bad field', () => {
    let issues: readonly string[] = [];
    try {
      parseConfig({
        feeds: {
          onchain: { tokenAddress: '0x12', rpcUrlEnv: 'https://x', startChunkBlocks: 10, minChunkBlocks: 20 },
        },
      });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      issues = (err as ConfigError).issues;
    }
    const text = issues.join('\n');
    expect(text).toContain('feeds.onchain.tokenAddress');
    expect(text).toContain('feeds.onchain.rpcUrlEnv');
  });

  it('refuses a minimum chunk above the starting chunk', () => {
    expect(() => parseConfig({ feeds: { onchain: { startChunkBlocks: 10, minChunkBlocks: 20 } } })).toThrow(
      ConfigError,
    );
    try {
      parseConfig({ feeds: { onchain: { startChunkBlocks: 10, minChunkBlocks: 20 } } });
    } catch (err) {
      expect((err as ConfigError).issues.join('\n')).toContain(
        'feeds.onchain.minChunkBlocks: minChunkBlocks must not exceed startChunkBlocks',
      );
    }
  });
});
