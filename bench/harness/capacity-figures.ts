/** The idle-capacity figures (bench/capacity.ts) from the RSS series it measured. */
import { fig, type Figure } from './report';
import { round, summarize } from './stats';

export interface Point {
  n: number;
  rssMiB: number;
  serverRssMiB: number;
  dbMiB: number;
  cached: number;
  seconds: number;
}

export interface Series {
  name: string;
  cache: number;
  baseRssMiB: number;
  points: Point[];
  errors: number;
  note?: string;
}

function perThousand(s: Series, p: Point | undefined): number {
  return p ? ((p.rssMiB - s.baseRssMiB) / p.n) * 1000 : NaN;
}

/** RSS growth per 1k between the last two sizes: the steady cost, without the worker's warm-up. */
function marginal(s: Series | undefined): number {
  const [a, b] = [s?.points.at(-2), s?.points.at(-1)];
  return a && b && b.n > a.n ? ((b.rssMiB - a.rssMiB) / (b.n - a.n)) * 1000 : NaN;
}

export function capacityFigures(all: Series[], queryMs: number[], serverErrors: number, smallCache: number): Figure[] {
  const [park, portIn, small] = all;
  const out: Figure[] = [];
  for (const p of portIn?.points ?? []) {
    const b = park?.points.find((x) => x.n === p.n);
    const mib = perThousand(portIn as Series, p);
    out.push(
      fig(`worker RSS per 1k cached port-ins at N=${p.n}`, mib, 'MiB', {
        baseline: b && { name: 'noop-park', value: perThousand(park as Series, b) },
        target: '<= 1 GB',
        met: mib <= 1024,
      }),
    );
  }
  const m = marginal(portIn);
  if (Number.isFinite(m)) {
    const range = `${portIn?.points.at(-2)?.n}-${portIn?.points.at(-1)?.n}`;
    out.push(
      fig(`worker RSS per 1k port-ins, marginal ${range}`, m, 'MiB', {
        baseline: { name: 'noop-park', value: marginal(park) },
        target: '<= 1 GB',
        met: m <= 1024,
      }),
    );
  }
  for (const p of small?.points ?? []) {
    const growth = p.rssMiB - (small as Series).baseRssMiB;
    out.push(
      fig(`cache ${smallCache}: worker RSS after touching ${p.n} port-ins`, p.rssMiB, 'MiB', {
        target: 'flat',
        baseline: { name: 'idle worker', value: (small as Series).baseRssMiB },
        met: growth < 150,
      }),
    );
  }
  const q = summarize(queryMs);
  out.push(fig(`cache ${smallCache}: status query with replay p50 / p99`, q.p50, `ms / ${round(q.p99, 0)} ms`));
  const last = portIn?.points.at(-1);
  if (last)
    out.push(
      fig(`server RSS / SQLite file at ${last.n} port-ins`, last.serverRssMiB, `MiB / ${round(last.dbMiB, 0)} MiB`),
    );
  const errors = all.reduce((s, x) => s + x.errors, 0);
  out.push(
    fig('errors (starts, queries) / server log errors', errors, `/ ${serverErrors}`, {
      target: 'none',
      met: errors === 0 && serverErrors === 0,
    }),
  );
  return out;
}

export const countErrors = (summary: string[]) =>
  summary.reduce((n, line) => n + Number(/^(\d+)x/.exec(line)?.[1] ?? 0), 0);
