import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../core/index.js';
import { defaultLabelsFile, loadWalletLabels, parseWalletLabels } from './labels.js';

const valid = () => ({
  version: 1,
  source: 'test labels (synthetic)',
  asOf: '2024-01-01',
  wallets: [
    { address: '0x28c6c06298d514db089934071355e5743bf21d60', label: 'Binance 14', exchange: 'binance' },
    { address: '0x71660c4005ba85c37ccec55d0c4493e66fe775d3', label: 'Coinbase 1', exchange: 'coinbase' },
  ],
  numerai: {
    source: 'test',
    wallets: [{ address: '0xdc6997b078C709327649443D0765BCAa8e37aA6C', label: 'Numerai: Hot wallet' }],
  },
});

describe('loadWalletLabels', () => {
  it('loads the shipped labels: six exchanges and the three Numerai wallets, with their source', () => {
    const labels = loadWalletLabels();
    expect(labels.file).toBe(defaultLabelsFile());
    expect(new Set([...labels.exchanges.values()].map((l) => l.group))).toEqual(
      new Set(['binance', 'coinbase', 'gate', 'kraken', 'kucoin', 'okx']),
    );
    expect(labels.exchanges.get('0x28c6c06298d514db089934071355e5743bf21d60')).toEqual({
      label: 'Binance 14',
      group: 'binance',
    });
    expect([...labels.numerai.keys()]).toEqual([
      '0x9dce896ddc20ba883600176678cbee2b8ba188a9',
      '0xdc6997b078c709327649443d0765bcaa8e37aa6c',
      '0xb17df4a656505570ad994d023f632d48de04edf2',
    ]);
    expect(labels.source).toContain('brianleect/etherscan-labels');
    expect(labels.asOf).toBe('2023-06-17');
  });

  describe('a bad file', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-labels-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (content: string): string => {
      const file = path.join(dir, 'labels.json');
      fs.writeFileSync(file, content);
      return file;
    };

    it('names the file when it is not JSON', () => {
      const file = write('{ "version": 1,');
      expect(() => loadWalletLabels(file)).toThrow(InputError);
      expect(() => loadWalletLabels(file)).toThrow(`labels file ${file}: cannot read it as JSON`);
    });

    it('names the file and the entry of an invalid address', () => {
      const data = valid();
      data.wallets[1] = { ...data.wallets[1], address: '0x1234' } as (typeof data.wallets)[number];
      const file = write(JSON.stringify(data));
      expect(() => loadWalletLabels(file)).toThrow(
        `labels file ${file}: wallets[1].address: must be a 0x-prefixed 20-byte hex address`,
      );
    });

    it('rejects a mixed-case address whose EIP-55 checksum is wrong', () => {
      const data = valid();
      data.numerai.wallets[0] = { address: '0xDC6997b078C709327649443D0765BCAa8e37aA6C', label: 'x' };
      expect(() => parseWalletLabels(data, 'x.json')).toThrow('x.json: numerai.wallets[0].address');
    });

    it('lists every missing or wrong field', () => {
      const { asOf: _asOf, ...rest } = valid();
      const data = {
        ...rest,
        wallets: [{ address: '0x28c6c06298d514db089934071355e5743bf21d60', label: '' }],
      };
      let message = '';
      try {
        parseWalletLabels(data, 'labels.json');
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain('labels.json: ');
      expect(message).toContain('asOf: ');
      expect(message).toContain('wallets[0].label: ');
      expect(message).toContain('wallets[0].exchange: ');
    });

    it('refuses an address listed twice, naming both entries', () => {
      const data = valid();
      data.numerai.wallets.push({ address: '0x71660c4005BA85c37ccec55d0C4493E66Fe775d3', label: 'dup' });
      expect(() => parseWalletLabels(data, 'labels.json')).toThrow(
        'labels file labels.json: numerai.wallets[1]: address 0x71660c4005BA85c37ccec55d0C4493E66Fe775d3 repeats wallets[1]',
      );
    });
  });
});
