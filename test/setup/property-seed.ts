/**
 * The seed every fast-check property runs on, chosen once for the whole test run so that CI is
 * reproducible. `FC_SEED` overrides it: a 32-bit integer replays that seed (as printed in a failure
 * report), `random` lets fast-check pick a new seed per property (its failure report names it).
 */
export const DEFAULT_PROPERTY_SEED = 20261126;

/** The seed for `FC_SEED`'s value: undefined means random. Throws on anything else than an integer or `random`. */
export function propertySeed(value: string | undefined): number | undefined {
  const text = value?.trim() ?? '';
  if (text === '') return DEFAULT_PROPERTY_SEED;
  if (text.toLowerCase() === 'random') return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new Error(
      `environment variable FC_SEED must be a 32-bit integer seed or "random", got ${JSON.stringify(value)}`,
    );
  }
  return seed;
}
