/**
 * The Prometheus alert rules and the Grafana dashboard, checked with Debian's `promtool`: the rules
 * parse, and `promtool test rules` fires each alert on recorded series (the stalled-migration one
 * included) and stays quiet on healthy ones. Every panel query of the dashboard parses too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dashboardQueries } from '../harness/dashboard';

const RULES = path.resolve(__dirname, '../../observability/prometheus');
const PROMTOOL = '/usr/bin/promtool';

function promtool(args: string[]): string {
  const run = spawnSync(PROMTOOL, args, { cwd: RULES, encoding: 'utf8' });
  if (run.error) throw new Error(`${PROMTOOL} missing: apt-get install prometheus (.ci/run installs it)`);
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`promtool ${args.join(' ')} failed:\n${output}`);
  return output;
}

test('promtool check rules: every alert rule parses', () => {
  expect(promtool(['check', 'rules', 'alerts.yml'])).toMatch(/SUCCESS: 9 rules found/);
});

test('promtool test rules: the alerts fire on recorded series, stalled migrations first', () => {
  const tests = readFileSync(path.join(RULES, 'alerts.test.yml'), 'utf8');
  expect(tests).toContain('alertname: WaMigrationStalled');
  expect(promtool(['test', 'rules', 'alerts.test.yml'])).toMatch(/SUCCESS/);
});

test('every query of the Grafana dashboard is valid PromQL (checked as recording rules)', () => {
  const queries = dashboardQueries('5m');
  expect(queries.length).toBeGreaterThanOrEqual(20);
  const dir = mkdtempSync(path.join(tmpdir(), 'wa-dashboard-'));
  const file = path.join(dir, 'panels.yml');
  const rules = queries.map((q, i) => `      - record: panel_${i}\n        expr: ${JSON.stringify(q.expr)}`);
  writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
  expect(promtool(['check', 'rules', file])).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
});
