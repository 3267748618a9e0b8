import { encodeAbiParameters, parseUnits } from 'viem';
import type { Eip1193Provider } from './hardhat-node.js';

export const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
/**
 * 52-byte runtime code emitting `Transfer(from, to, value)` from calldata `abi.encode(from, to, value)`:
 * CALLDATACOPY value to memory, CALLDATALOAD to and from, LOG3 (NOTES-integrations section 8).
 */
export const TRANSFER_EMITTER = `0x602060406000376020356000357f${TRANSFER_TOPIC.slice(2)}60206000a300`;
/** Blocks sit on a 12 s grid from genesis, as on post-merge mainnet (block n at genesis + 12 n). */
export const SLOT_S = 12;

const hex = (n: number): string => `0x${n.toString(16)}`;

interface RawBlock {
  number: string;
  timestamp: string;
  hash: string;
}

/** Scripted NMR history on the in-process hardhat node: the token emitter at the real NMR address. */
export class NmrChain {
  readonly provider: Eip1193Provider;
  readonly token: string;
  genesis = 0;
  #sender = '';

  constructor(provider: Eip1193Provider, token: string) {
    this.provider = provider;
    this.token = token;
  }

  async rpc<T>(method: string, ...params: unknown[]): Promise<T> {
    return (await this.provider.request({ method, params })) as T;
  }

  /** A fresh chain: genesis block 0 at the config's initialDate, the emitter installed. */
  async reset(): Promise<void> {
    await this.rpc('hardhat_reset');
    await this.rpc('hardhat_setCode', this.token, TRANSFER_EMITTER);
    this.genesis = (await this.block(0)).timestamp;
    const accounts = await this.rpc<string[]>('eth_accounts');
    this.#sender = accounts[0] ?? '';
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

  /** One Transfer of `nmr` (decimal string, 18 decimals) in its own block at `t`. */
  async transfer(from: string, to: string, nmr: string, t: number): Promise<void> {
    await this.fillUntil(t);
    const data = encodeAbiParameters(
      [{ type: 'address' }, { type: 'address' }, { type: 'uint256' }],
      [from as `0x${string}`, to as `0x${string}`, parseUnits(nmr, 18)],
    );
    await this.rpc('evm_setNextBlockTimestamp', t);
    await this.rpc('eth_sendTransaction', { from: this.#sender, to: this.token, data, gas: hex(100_000) });
  }

  async snapshot(): Promise<string> {
    return this.rpc<string>('evm_snapshot');
  }

  async revert(id: string): Promise<void> {
    if (!(await this.rpc<boolean>('evm_revert', id))) throw new Error(`evm_revert ${id} failed`);
  }
}
