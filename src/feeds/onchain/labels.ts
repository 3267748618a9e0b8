import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAddress } from 'viem';
import { z } from 'zod';
import { InputError } from '../../core/index.js';

const address = z.string().refine((a) => isAddress(a, { strict: true }), {
  message: 'must be a 0x-prefixed 20-byte hex address (all lowercase, or with a valid EIP-55 checksum)',
});

const labelsFileSchema = z.strictObject({
  version: z.int().min(1),
  source: z.string().min(1),
  asOf: z.iso.date(),
  wallets: z.array(
    z.strictObject({
      address,
      label: z.string().min(1),
      exchange: z.string().regex(/^[a-z0-9-]+$/, 'must be a lowercase exchange id such as binance'),
    }),
  ),
  numerai: z.strictObject({
    source: z.string().min(1),
    wallets: z.array(z.strictObject({ address, label: z.string().min(1) })),
  }),
});

/** One labelled wallet: `group` is the exchange id (`binance`, ...) or `numerai`. */
export interface WalletLabel {
  readonly label: string;
  readonly group: string;
}

/** Exchange and Numerai wallets, keyed by lowercase address. */
export interface WalletLabels {
  readonly file: string;
  readonly version: number;
  readonly source: string;
  readonly asOf: string;
  readonly exchanges: ReadonlyMap<string, WalletLabel>;
  readonly numerai: ReadonlyMap<string, WalletLabel>;
}

const SHIPPED = 'exchange-wallets.json';

/**
 * The labels file shipped with nmrbot. Running from `dist/`, the JSON is not copied by tsc, so the
 * file is found in the package's `src/` tree instead.
 */
export function defaultLabelsFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const beside = path.join(here, 'labels', SHIPPED);
  if (fs.existsSync(beside)) return beside;
  return path.resolve(here, '..', '..', '..', 'src', 'feeds', 'onchain', 'labels', SHIPPED);
}

/**
 * Reads and validates a labels file (`{version, source, asOf, wallets, numerai}`).
 * @throws InputError naming the file and the entry (`wallets[3].address: ...`)
 */
export function loadWalletLabels(file: string = defaultLabelsFile()): WalletLabels {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`labels file ${file}: cannot read it as JSON: ${(err as Error).message}`);
  }
  return parseWalletLabels(raw, file);
}

/** Validates already-parsed labels; `file` names the origin in errors. */
export function parseWalletLabels(raw: unknown, file: string): WalletLabels {
  const parsed = labelsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`);
    throw new InputError(`labels file ${file}: ${lines.join('; ')}`);
  }
  const data = parsed.data;
  const seen = new Map<string, string>();
  const claim = (addr: string, where: string): string => {
    const key = addr.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      throw new InputError(`labels file ${file}: ${where}: address ${addr} repeats ${first}`);
    seen.set(key, where);
    return key;
  };
  const exchanges = new Map<string, WalletLabel>();
  data.wallets.forEach((w, i) => {
    exchanges.set(claim(w.address, `wallets[${i}]`), { label: w.label, group: w.exchange });
  });
  const numerai = new Map<string, WalletLabel>();
  data.numerai.wallets.forEach((w, i) => {
    numerai.set(claim(w.address, `numerai.wallets[${i}]`), { label: w.label, group: 'numerai' });
  });
  return { file, version: data.version, source: data.source, asOf: data.asOf, exchanges, numerai };
}

function pathText(p: readonly PropertyKey[]): string {
  if (p.length === 0) return '(top level)';
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}
