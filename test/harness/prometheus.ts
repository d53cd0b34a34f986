/**
 * Reads a Prometheus text exposition into samples with their labels, so a test can diff two scrapes
 * of a process's `/metrics` by metric name and label values.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key = '', raw = ''] of (m[2] ?? '').matchAll(LABEL))
      labels[key] = raw.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return samples;
}

export async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return parseSamples(await res.text());
}

/** The sum of a metric's samples whose labels include `match`. */
export function total(samples: Sample[], name: string, match: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v))
    .reduce((acc, s) => acc + s.value, 0);
}

/** `after - before` of `total`, per value of one label (e.g. per service). */
export function deltaBy(
  before: Sample[],
  after: Sample[],
  name: string,
  label: string,
  match: Record<string, string> = {},
): Record<string, number> {
  const out: Record<string, number> = {};
  const values = new Set(after.filter((s) => s.name === name).map((s) => s.labels[label] ?? ''));
  for (const v of values) {
    const d = total(after, name, { ...match, [label]: v }) - total(before, name, { ...match, [label]: v });
    if (d !== 0) out[v] = d;
  }
  return out;
}
