/**
 * Hand-rolled SVG line charts (no plotting dependency): several series on linear or log-10 x axes,
 * used for latency distributions (as CDFs) and memory against open migrations.
 */

export interface Series {
  name: string;
  points: [number, number][];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  logX?: boolean;
  yMin?: number;
  /** Dashed horizontal reference lines, e.g. a target. */
  hLines?: { y: number; label: string }[];
}

const W = 720;
const H = 420;
const M = { left: 70, right: 20, top: 40, bottom: 55 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

function niceTicks(min: number, max: number, count = 6): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const k of [1, 2, 5]) {
      const t = k * 10 ** e;
      if (t >= min && t <= max) ticks.push(t);
    }
  }
  return ticks;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const label = (x: number) => (Math.abs(x) >= 1e4 ? `${x / 1000}k` : String(Number(x.toPrecision(4))));

export function lineChart(o: ChartOptions): string {
  const pts = o.series
    .flatMap((s) => s.points)
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logX || x > 0));
  const xs = pts.map((p) => p[0]);
  const ys = [...pts.map((p) => p[1]), ...(o.hLines ?? []).map((h) => h.y)];
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  if (x0 === x1) [x0, x1] = o.logX ? [x0 / 2, x1 * 2] : [x0 - 1, x1 + 1];
  const y0 = o.yMin ?? Math.min(0, ...ys);
  const y1 = Math.max(...ys) * 1.05 || 1;
  const lx = (x: number) => (o.logX ? Math.log10(x) : x);
  const px = (x: number) => M.left + ((lx(x) - lx(x0)) / (lx(x1) - lx(x0))) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - ((y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(o.title)}</text>`,
  ];
  for (const t of o.logX ? logTicks(x0, x1) : niceTicks(x0, x1)) {
    out.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#eee"/>`);
    out.push(`<text x="${px(t)}" y="${H - M.bottom + 16}" text-anchor="middle">${label(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1)) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`);
    out.push(`<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${label(t)}</text>`);
  }
  out.push(
    `<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#444"/>`,
  );
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 14}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  out.push(
    `<text transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`,
  );
  for (const h of o.hLines ?? []) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${py(h.y)}" y2="${py(h.y)}" stroke="#888" stroke-dasharray="6 4"/>`,
    );
    out.push(`<text x="${W - M.right - 4}" y="${py(h.y) - 4}" text-anchor="end" fill="#666">${esc(h.label)}</text>`);
  }
  o.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const path = s.points
      .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!o.logX || x > 0))
      .map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`)
      .join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    if (s.points.length <= 20)
      for (const [x, y] of s.points) out.push(`<circle cx="${px(x)}" cy="${py(y)}" r="3" fill="${color}"/>`);
    out.push(`<rect x="${M.left + 10}" y="${M.top + 8 + i * 18}" width="12" height="4" fill="${color}"/>`);
    out.push(`<text x="${M.left + 28}" y="${M.top + 14 + i * 18}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** A latency sample set as a CDF series: (latency, fraction of requests at or below it). */
export function cdf(name: string, samples: number[]): Series {
  const s = [...samples].sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(s.length / 400));
  const points: [number, number][] = [];
  for (let i = 0; i < s.length; i += step) points.push([s[i] as number, (i + 1) / s.length]);
  if (s.length) points.push([s.at(-1) as number, 1]);
  return { name, points };
}
