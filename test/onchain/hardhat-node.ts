import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The EIP-1193 surface of hardhat's in-process provider that the tests use. */
export interface Eip1193Provider {
  request(args: { method: string; params?: readonly unknown[] }): Promise<unknown>;
}

/**
 * Hardhat 2's in-process node (chain id 31337, genesis at `hardhat.config.cjs`'s `initialDate`).
 * Loading hardhat takes a while: call once per test file and share it.
 */
export function hardhatProvider(): Eip1193Provider {
  process.env['HARDHAT_CONFIG'] = fileURLToPath(new URL('./hardhat.config.cjs', import.meta.url));
  const require = createRequire(import.meta.url);
  const hre = require('hardhat') as { network: { provider: Eip1193Provider } };
  return hre.network.provider;
}
