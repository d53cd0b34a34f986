/**
 * Recomputes the figures of stored idle-capacity reports (bench/results/capacity*.json) from the series
 * they hold, after a change to how bench/harness/capacity-figures.ts reads them: a 70-minute run need
 * not be repeated to be read the new way. The run's own facts (times, load, parameters) are kept.
 *
 *   npx tsx bench/capacity-refigure.ts capacity-arena2 capacity-touches-50k
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { capacityFigures, countErrors, type Series } from './harness/capacity-figures';
import { markdown, RESULTS_DIR, type BenchReport } from './harness/report';
import type { Summary } from './harness/stats';

for (const name of process.argv.slice(2)) {
  const file = path.join(RESULTS_DIR, `${name}.json`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport & { data: { series: Series[]; query: Summary } };
  const errorsNote = report.notes.find((n) => n.startsWith('Server log errors: '));
  const serverErrors = errorsNote ? countErrors(errorsNote.slice('Server log errors: '.length).split('; ')) : 0;
  report.figures = capacityFigures(
    report.data.series,
    report.data.query,
    serverErrors,
    Number(report.params.smallCache),
  );
  const plots = ['memory', 'progress']
    .map((k) => `${name}-${k}.svg`)
    .filter((p) => existsSync(path.join(RESULTS_DIR, p)));
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, `${name}.md`), markdown(report, plots));
  process.stdout.write(`${name}: ${report.figures.length} figures\n`);
}
