import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/index.js';
import { redactRpcUrl, resolveRpcUrl, scrubRpcUrl } from './rpc-url.js';

describe('redactRpcUrl', () => {
  it.each([
    [
      'https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161',
      'https://mainnet.infura.io/v3/[redacted]',
    ],
    [
      'https://eth-mainnet.g.alchemy.com/v2/Ab3dE-fGh1jKl_mN0pQr5tUv',
      'https://eth-mainnet.g.alchemy.com/v2/[redacted]',
    ],
    ['https://rpc.ankr.com/eth/0123456789abcdef0123456789abcdef', 'https://rpc.ankr.com/eth/[redacted]'],
    [
      'https://example.quiknode.pro/aaaabbbbccccddddeeeeffff00001111/',
      'https://example.quiknode.pro/[redacted]/',
    ],
    ['https://node.example.com/rpc?apikey=secret123456', 'https://node.example.com/rpc?apikey=[redacted]'],
    ['https://user:pa55word@node.example.com:8545/', 'https://[redacted]@node.example.com:8545/'],
    ['http://127.0.0.1:8545', 'http://127.0.0.1:8545/'],
    ['not a url with key abc', '[redacted]'],
  ])('%s -> %s', (url, shown) => {
    expect(redactRpcUrl(url)).toBe(shown);
  });

  it('scrubs the URL and its key out of any text', () => {
    const url = 'https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161';
    const text = `HTTP request failed. URL: ${url} key=9aa3d95b3bc440fa88ea12eaa4456161`;
    expect(scrubRpcUrl(text, url)).toBe(
      'HTTP request failed. URL: https://mainnet.infura.io/v3/[redacted] key=[redacted]',
    );
  });
});

describe('resolveRpcUrl', () => {
  it('prefers --base-url, else reads the named variable', () => {
    expect(resolveRpcUrl('ETH_URL', { ETH_URL: ' https://a.example/ ' })).toBe('https://a.example/');
    expect(resolveRpcUrl('ETH_URL', { ETH_URL: 'https://a.example/' }, 'http://127.0.0.1:1/')).toBe(
      'http://127.0.0.1:1/',
    );
  });

  it('names the variable when it is unset and refuses non-HTTP URLs without printing them', () => {
    expect(() => resolveRpcUrl('ETH_URL', {})).toThrow(ConfigError);
    try {
      resolveRpcUrl('ETH_URL', {});
    } catch (err) {
      expect((err as ConfigError).issues[0]).toContain(
        'feeds.onchain.rpcUrlEnv: environment variable ETH_URL is not set',
      );
    }
    try {
      resolveRpcUrl('ETH_URL', { ETH_URL: 'wss://mainnet.infura.io/ws/v3/9aa3d95b3bc440fa88ea12eaa4456161' });
      expect.unreachable();
    } catch (err) {
      const issue = (err as ConfigError).issues[0] ?? '';
      expect(issue).toContain(
        'must be an http(s) JSON-RPC URL, got wss://mainnet.infura.io/ws/v3/[redacted]',
      );
      expect(issue).not.toContain('9aa3d95b');
    }
  });
});
