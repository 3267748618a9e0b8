import type { XYSeries } from './downsample.js';
import { escapeHtml, fmtDate, fmtTime } from './format.js';

/** Drawing area of every chart, in SVG user units (the SVG scales to the page width). */
export const CHART = { width: 1000, height: 240, left: 78, right: 12, top: 24, bottom: 26 } as const;
/** Horizontal pixels of the plot: the number of downsampling buckets a series needs. */
export const PLOT_WIDTH = CHART.width - CHART.left - CHART.right;

export interface ChartLine {
  readonly data: XYSeries;
  readonly color: string;
  readonly label: string;
  /** Shade the area between the line and zero. */
  readonly fill?: boolean;
  /** Draw as steps (the value holds until the next point). */
  readonly step?: boolean;
}

export type MarkerKind = 'long-entry' | 'short-entry' | 'exit';

export interface ChartMarker {
  readonly x: number;
  readonly y: number;
  readonly kind: MarkerKind;
  readonly title: string;
}

export interface ChartOptions {
  readonly title: string;
  readonly lines: readonly ChartLine[];
  readonly markers?: readonly ChartMarker[];
  readonly xRange: readonly [number, number];
  readonly yFormat: (v: number) => string;
  /** Shown in place of the plot when there is nothing to draw. */
  readonly emptyText?: string;
}

/**
 * Marker shapes, defined once per page and referenced by every chart: long entries are green
 * up-triangles, short entries red down-triangles, exits dark crosses.
 */
export const MARKER_DEFS =
  '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>' +
  '<path id="mk-long-entry" d="M0,-6L5.5,4H-5.5Z" fill="#16a34a" stroke="#fff" stroke-width="0.8"/>' +
  '<path id="mk-short-entry" d="M0,6L5.5,-4H-5.5Z" fill="#dc2626" stroke="#fff" stroke-width="0.8"/>' +
  '<path id="mk-exit" d="M-4,-4L4,4M-4,4L4,-4" stroke="#111827" stroke-width="2"/>' +
  '</defs></svg>';

const r1 = (v: number) => Math.round(v * 10) / 10;

/** One chart as inline SVG: axes with ticks, the lines, markers (one per kind and pixel column). */
export function renderChart(o: ChartOptions): string {
  const { width: W, height: H, left: L, top: T, bottom: B } = CHART;
  const plotH = H - T - B;
  const ys = o.lines.flatMap((l) => (l.fill ? [...l.data.y, 0] : l.data.y));
  for (const m of o.markers ?? []) ys.push(m.y);
  const head = `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(o.title)}">`;
  const titleText = `<text x="${L}" y="15" class="ct">${escapeHtml(o.title)}</text>`;
  if (ys.length === 0) {
    const msg = escapeHtml(o.emptyText ?? 'nothing to show');
    return `${head}${titleText}<text x="${W / 2}" y="${H / 2}" class="empty">${msg}</text></svg>`;
  }
  const [yMin, yMax] = paddedRange(...minMax(ys));
  const [x0, x1] = o.xRange[1] > o.xRange[0] ? o.xRange : [o.xRange[0], o.xRange[0] + 1];
  const px = (x: number) => r1(L + ((x - x0) / (x1 - x0)) * PLOT_WIDTH);
  const py = (y: number) => r1(T + (1 - (y - yMin) / (yMax - yMin)) * plotH);
  const parts = [head, titleText, axes(o, px, py, [x0, x1], [yMin, yMax])];
  for (const line of o.lines) parts.push(linePath(line, px, py));
  parts.push(markers(o.markers ?? [], px, py), legend(o.lines), '</svg>');
  return parts.join('');
}

function minMax(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

function paddedRange(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi === lo) {
    const d = Math.abs(lo) * 0.01 || 1;
    return [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/** Round tick values (1, 2 or 5 times a power of ten) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((k) => k * pow >= raw) ?? 10) * pow;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function axes(
  o: ChartOptions,
  px: (x: number) => number,
  py: (y: number) => number,
  [x0, x1]: readonly [number, number],
  [yMin, yMax]: readonly [number, number],
): string {
  const { left: L, right: R, top: T, bottom: B, width: W, height: H } = CHART;
  const out = [`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" class="pa"/>`];
  for (const v of niceTicks(yMin, yMax)) {
    const y = py(v);
    out.push(`<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" class="gl"/>`);
    out.push(`<text x="${L - 6}" y="${r1(y + 4)}" class="yl">${escapeHtml(o.yFormat(v))}</text>`);
  }
  const span = x1 - x0;
  const label = span < 3 * 86_400_000 ? fmtTime : fmtDate;
  for (let i = 0; i <= 5; i++) {
    const t = x0 + (span * i) / 5;
    const anchor = i === 0 ? 'start' : i === 5 ? 'end' : 'middle';
    out.push(
      `<text x="${px(t)}" y="${H - 8}" text-anchor="${anchor}" class="xl">${escapeHtml(label(t))}</text>`,
    );
  }
  return out.join('');
}

function linePath(line: ChartLine, px: (x: number) => number, py: (y: number) => number): string {
  const { x, y } = line.data;
  if (x.length === 0) return '';
  let d = `M${px(x[0] as number)},${py(y[0] as number)}`;
  for (let i = 1; i < x.length; i++) {
    const X = px(x[i] as number);
    const Y = py(y[i] as number);
    d += line.step ? `H${X}V${Y}` : `L${X},${Y}`;
  }
  const color = escapeHtml(line.color);
  const stroke = `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.4"/>`;
  if (!line.fill) return stroke;
  const zero = py(0);
  const area = `${d}V${zero}H${px(x[0] as number)}Z`;
  return `<path d="${area}" fill="${color}" fill-opacity="0.18" stroke="none"/>${stroke}`;
}

function markers(list: readonly ChartMarker[], px: (x: number) => number, py: (y: number) => number): string {
  const seen = new Map<string, { m: ChartMarker; n: number }>();
  for (const m of list) {
    const key = `${m.kind}:${Math.round(px(m.x))}`;
    const entry = seen.get(key);
    if (entry) entry.n++;
    else seen.set(key, { m, n: 1 });
  }
  const out: string[] = [];
  for (const { m, n } of seen.values()) {
    const more = n > 1 ? ` (+${n - 1} more here)` : '';
    out.push(
      `<use href="#mk-${m.kind}" x="${px(m.x)}" y="${py(m.y)}"><title>${escapeHtml(m.title + more)}</title></use>`,
    );
  }
  return out.join('');
}

function legend(lines: readonly ChartLine[]): string {
  let x = CHART.width - CHART.right;
  const out: string[] = [];
  for (const line of [...lines].reverse()) {
    const w = 16 + line.label.length * 6.2;
    x -= w + 10;
    out.push(
      `<rect x="${r1(x)}" y="8" width="10" height="10" fill="${escapeHtml(line.color)}"/>` +
        `<text x="${r1(x + 14)}" y="17" class="lg">${escapeHtml(line.label)}</text>`,
    );
  }
  return out.join('');
}
