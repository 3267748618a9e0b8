import { escapeHtml } from '../../report/index.js';

/** One line of a horizon chart: a value per horizon (null = no value, the line breaks there). */
export interface HorizonLine {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

const W = 1000;
const H = 260;
const L = 64;
const R = 150;
const T = 28;
const B = 30;
const r1 = (v: number) => Math.round(v * 10) / 10;

/** Line colours of the five signals, in SIGNAL_NAMES order. */
export const SIGNAL_COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'] as const;

/**
 * A line chart over categorical horizons (evenly spaced, labelled `1h`, `4h`, ...), as inline SVG:
 * a dashed reference line at `reference` (0 for an IC, 0.5 for a hit rate), a legend on the right.
 */
export function horizonChart(o: {
  readonly title: string;
  readonly horizons: readonly number[];
  readonly lines: readonly HorizonLine[];
  readonly reference: number;
  readonly yFormat: (v: number) => string;
}): string {
  const ys = [o.reference, ...o.lines.flatMap((l) => l.values.filter((v): v is number => v !== null))];
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  const pad = (hi - lo) * 0.08 || 0.05;
  lo -= pad;
  hi += pad;
  const n = Math.max(1, o.horizons.length - 1);
  const px = (i: number) => r1(L + ((W - L - R) * i) / n);
  const py = (v: number) => r1(T + (1 - (v - lo) / (hi - lo)) * (H - T - B));
  const parts = [
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(o.title)}">`,
    `<text x="${L}" y="16" class="ct">${escapeHtml(o.title)}</text>`,
    `<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" class="pa"/>`,
  ];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${py(v)}" y2="${py(v)}" class="gl"/>`);
    parts.push(`<text x="${L - 6}" y="${r1(py(v) + 4)}" class="yl">${escapeHtml(o.yFormat(v))}</text>`);
  }
  const ref = py(o.reference);
  parts.push(
    `<line x1="${L}" x2="${W - R}" y1="${ref}" y2="${ref}" stroke="#6b7280" stroke-dasharray="4 3"/>`,
  );
  o.horizons.forEach((h, i) =>
    parts.push(`<text x="${px(i)}" y="${H - 10}" text-anchor="middle" class="xl">${h}h</text>`),
  );
  o.lines.forEach((line, k) => {
    const color = escapeHtml(line.color);
    let d = '';
    let pen = false;
    line.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${px(i)},${py(v)}`;
      pen = true;
      parts.push(`<circle cx="${px(i)}" cy="${py(v)}" r="3" fill="${color}"/>`);
    });
    if (d !== '') parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"/>`);
    const y = T + 8 + k * 18;
    parts.push(
      `<rect x="${W - R + 14}" y="${y - 9}" width="10" height="10" fill="${color}"/>` +
        `<text x="${W - R + 30}" y="${y}" class="lg">${escapeHtml(line.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
