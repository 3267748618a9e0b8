/**
 * Numbers as Binance puts them on the wire: decimal strings without float noise
 * (0.1 + 0.2 → "0.3", 1e-7 → "0.0000001").
 */
export function formatDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot format ${x} as a decimal`);
  const clean = Number(x.toPrecision(12));
  if (clean === 0) return '0';
  const text = String(clean);
  if (!/e/i.test(text)) return text;
  return clean.toFixed(20).replace(/\.?0+$/, '');
}

/** A money amount with Binance's 8 decimals ("12.50000000"). */
export function money(x: number): string {
  return (Number(x.toPrecision(12)) || 0).toFixed(8);
}

/** A price with as many decimals as the tick ("10.200" for tick 0.001). */
export function priceText(x: number, tickDecimals: number): string {
  return (Number(x.toPrecision(12)) || 0).toFixed(tickDecimals);
}
