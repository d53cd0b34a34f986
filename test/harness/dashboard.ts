/** The Grafana dashboard's panel queries, with Grafana's own variables replaced for Prometheus. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DASHBOARD = path.resolve(__dirname, '../../observability/grafana/wa-migrations.json');

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

export function dashboardQueries(rateInterval: string): { panel: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  return dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr.replaceAll('$__rate_interval', rateInterval) })),
  );
}
