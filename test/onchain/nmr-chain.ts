import fs from 'node:fs';
import { encodeFunctionData, parseAbi, parseUnits } from 'viem';
import type { Eip1193Provider } from './hardhat-node.js';

/**
 * Runtime code of `contracts/TestNmr.sol`, a minimal ERC-20 (18 decimals, `mint`/`burn` test helpers),
 * compiled once with solc-js 0.8.26 by `scripts/compile-test-nmr.sh` (see `contracts/README.md`).
 */
export const TEST_NMR_RUNTIME = fs
  .readFileSync(new URL('./contracts/TestNmr.runtime.hex', import.meta.url), 'utf8')
  .trim() as `0x${string}`;
/** The ABI of `contracts/TestNmr.sol`. */
export const TEST_NMR_ABI = parseAbi([
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event Approval(address indexed owner, address indexed spender, uint256 value)',
  'error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)',
  'error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)',
  'error ERC20InvalidReceiver(address receiver)',
  'function name() view returns (string)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function transfer(address to, uint256 value) returns (bool)',
  'function transferFrom(address from, address to, uint256 value) returns (bool)',
  'function approve(address spender, uint256 value) returns (bool)',
  'function mint(address to, uint256 value)',
  'function burn(uint256 value)',
]);
/** Blocks sit on a 12 s grid from genesis, as on post-merge mainnet (block n at genesis + 12 n). */
export const SLOT_S = 12;
const ZERO = '0x0000000000000000000000000000000000000000';
/** ETH given to every impersonated sender for gas (10 ETH). */
const GAS_MONEY = '0x8ac7230489e80000';

const hex = (n: number): string => `0x${n.toString(16)}`;

interface RawBlock {
  number: string;
  timestamp: string;
  hash: string;
}

/** Scripted NMR history on the in-process hardhat node: a compiled ERC-20 at the real NMR address. */
export class NmrChain {
  readonly provider: Eip1193Provider;
  readonly token: `0x${string}`;
  genesis = 0;
  #minter = '';

  constructor(provider: Eip1193Provider, token: string) {
    this.provider = provider;
    this.token = token as `0x${string}`;
  }

  async rpc<T>(method: string, ...params: unknown[]): Promise<T> {
    return (await this.provider.request({ method, params })) as T;
  }

  /** A fresh chain: genesis block 0 at the config's initialDate, the ERC-20 installed with no balances. */
  async reset(): Promise<void> {
    await this.rpc('hardhat_reset');
    await this.rpc('hardhat_setCode', this.token, TEST_NMR_RUNTIME);
    this.genesis = (await this.block(0)).timestamp;
    const accounts = await this.rpc<string[]>('eth_accounts');
    this.#minter = accounts[0] ?? '';
  }

  /** Seconds since genesis as a unix time, checked to lie on the 12 s grid. */
  at(hours: number, minutes = 0, seconds = 0): number {
    const offset = hours * 3600 + minutes * 60 + seconds;
    if (offset % SLOT_S !== 0) throw new RangeError(`${offset} s is not on the ${SLOT_S} s block grid`);
    return this.genesis + offset;
  }

  async block(n: number | 'latest'): Promise<{ number: number; timestamp: number; hash: string }> {
    const b = await this.rpc<RawBlock>('eth_getBlockByNumber', n === 'latest' ? n : hex(n), false);
    return { number: Number(b.number), timestamp: Number(b.timestamp), hash: b.hash };
  }

  /** Mines empty grid blocks so that the next block lands at `t` (unix seconds). */
  async fillUntil(t: number): Promise<void> {
    const last = (await this.block('latest')).timestamp;
    if (t <= last || (t - last) % SLOT_S !== 0)
      throw new RangeError(`cannot place a block at ${t} after ${last}`);
    const empty = (t - last) / SLOT_S - 1;
    if (empty === 0) return;
    await this.rpc('evm_setNextBlockTimestamp', last + SLOT_S);
    await this.rpc('hardhat_mine', hex(empty), hex(SLOT_S));
  }

  /** Empty blocks up to and including one at `t`: the head is then at `t`. */
  async mineTo(t: number): Promise<void> {
    await this.fillUntil(t);
    await this.rpc('evm_setNextBlockTimestamp', t);
    await this.rpc('hardhat_mine', '0x1');
  }

  /**
   * One `Transfer(from, to, value)` of `nmr` (decimal string, 18 decimals) in its own block at `t`, made
   * by a real ERC-20 call: `mint(to, value)` when `from` is 0x0 (sent by a hardhat account),
   * `burn(value)` by `from` when `to` is 0x0, else `transfer(to, value)` by `from`. Senders are
   * impersonated and given ETH for gas. A call the token refuses (above the balance) rejects.
   */
  async transfer(from: string, to: string, nmr: string, t: number): Promise<void> {
    const value = parseUnits(nmr, 18);
    const [sender, data] =
      from.toLowerCase() === ZERO
        ? [
            this.#minter,
            encodeFunctionData({ abi: TEST_NMR_ABI, functionName: 'mint', args: [addr(to), value] }),
          ]
        : to.toLowerCase() === ZERO
          ? [from, encodeFunctionData({ abi: TEST_NMR_ABI, functionName: 'burn', args: [value] })]
          : [
              from,
              encodeFunctionData({ abi: TEST_NMR_ABI, functionName: 'transfer', args: [addr(to), value] }),
            ];
    await this.impersonate(sender);
    await this.fillUntil(t);
    await this.rpc('evm_setNextBlockTimestamp', t);
    await this.rpc('eth_sendTransaction', { from: sender, to: this.token, data, gas: hex(100_000) });
  }

  /** Lets eth_sendTransaction sign for `account` (an exchange, Numerai or user wallet) and funds its gas. */
  async impersonate(account: string): Promise<void> {
    await this.rpc('hardhat_impersonateAccount', account);
    await this.rpc('hardhat_setBalance', account, GAS_MONEY);
  }

  async snapshot(): Promise<string> {
    return this.rpc<string>('evm_snapshot');
  }

  async revert(id: string): Promise<void> {
    if (!(await this.rpc<boolean>('evm_revert', id))) throw new Error(`evm_revert ${id} failed`);
  }
}

function addr(a: string): `0x${string}` {
  return a as `0x${string}`;
}
