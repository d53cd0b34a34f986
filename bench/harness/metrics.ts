/**
 * The worker's Prometheus metrics (SDK core): counters and histograms summed over labels, so a
 * benchmark can diff two scrapes and read e.g. workflow-task schedule-to-start p95 for its window.
 */

export interface Histogram {
  /** Upper bounds (ms for durations) with cumulative counts, ascending; the last is +Inf. */
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

export interface Metrics {
  counters: Record<string, number>;
  histograms: Record<string, Histogram>;
}

const LINE = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/;

export function parseMetrics(text: string): Metrics {
  const counters: Record<string, number> = {};
  const histograms: Record<string, Histogram> = {};
  const hist = (name: string) => (histograms[name] ??= { buckets: [], sum: 0, count: 0 });
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, name = '', labels = '', raw = ''] = m;
    const value = Number(raw);
    if (name.endsWith('_bucket')) {
      const le = /le="([^"]+)"/.exec(labels)?.[1];
      const h = hist(name.slice(0, -'_bucket'.length));
      const bound = le === '+Inf' ? Infinity : Number(le);
      const b = h.buckets.find((x) => x.le === bound);
      if (b) b.count += value;
      else h.buckets.push({ le: bound, count: value });
    } else if (name.endsWith('_sum') && histograms[name.slice(0, -4)]) {
      hist(name.slice(0, -4)).sum += value;
    } else if (name.endsWith('_count') && histograms[name.slice(0, -6)]) {
      hist(name.slice(0, -6)).count += value;
    } else {
      counters[name] = (counters[name] ?? 0) + value;
    }
  }
  for (const h of Object.values(histograms)) h.buckets.sort((a, b) => a.le - b.le);
  return { counters, histograms };
}

export async function scrapeMetrics(url: string): Promise<Metrics> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return parseMetrics(await res.text());
}

/** `after - before` for one histogram (observations made in between). */
export function histogramDelta(before: Metrics, after: Metrics, name: string): Histogram | undefined {
  const a = after.histograms[name];
  if (!a) return undefined;
  const b = before.histograms[name];
  return {
    buckets: a.buckets.map((x) => ({ le: x.le, count: x.count - (b?.buckets.find((y) => y.le === x.le)?.count ?? 0) })),
    sum: a.sum - (b?.sum ?? 0),
    count: a.count - (b?.count ?? 0),
  };
}

/**
 * The bucket bound below which `q` (0..1) of the observations fall: an upper estimate of the
 * quantile. When it lies beyond the largest finite bucket, that bound is returned as a lower
 * estimate, flagged by `histogramQuantileBeyond` (JSON would turn Infinity into null).
 */
export function histogramQuantile(h: Histogram | undefined, q: number): number {
  if (!h || h.count <= 0) return NaN;
  const target = q * h.count;
  const hit = h.buckets.find((b) => b.count >= target);
  if (!hit) return NaN;
  return Number.isFinite(hit.le) ? hit.le : (h.buckets.filter((b) => Number.isFinite(b.le)).at(-1)?.le ?? NaN);
}

/** True when the `q` quantile is above the largest finite bucket (histogramQuantile is then a floor). */
export function histogramQuantileBeyond(h: Histogram | undefined, q: number): boolean {
  if (!h || h.count <= 0) return false;
  const lastFinite = h.buckets.filter((b) => Number.isFinite(b.le)).at(-1);
  return lastFinite !== undefined && lastFinite.count < q * h.count;
}

export function counterDelta(before: Metrics, after: Metrics, name: string): number {
  return (after.counters[name] ?? 0) - (before.counters[name] ?? 0);
}
