/**
 * The benchmark workflow bundle (production workflows + baselines), built once and cached in the
 * temp folder by a hash of every source it can include, so repeated runs skip the ~15 s webpack.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../workers/bundle-options';

const ROOT = path.resolve(__dirname, '../..');
const ENTRIES = {
  /** Production workflows plus baselines: what the benchmark worker runs. */
  bench: path.resolve(__dirname, '../workflows/index.ts'),
  /** The baselines alone: the SDK's floor for the cold start. */
  baselines: path.resolve(__dirname, '../workflows/baselines.ts'),
};
const SOURCES = [
  'workflows',
  'contracts',
  'integrations',
  'activities',
  'bench/workflows',
  'bench/harness/baseline-activities.ts',
  'package-lock.json',
];

function files(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p)
    .sort()
    .flatMap((f) => files(path.join(p, f)));
}

function sourceHash(): string {
  const h = createHash('sha256');
  for (const f of SOURCES.flatMap((s) => files(path.join(ROOT, s)))) h.update(f).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** Path of a bench bundle, built now if the sources changed since the last build. */
export async function benchBundle(
  which: keyof typeof ENTRIES = 'bench',
): Promise<{ path: string; built: boolean; ms: number }> {
  const dir = path.join(tmpdir(), 'wa-bench-bundles');
  const out = path.join(dir, `${which}-${sourceHash()}.js`);
  if (existsSync(out)) return { path: out, built: false, ms: 0 };
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: ENTRIES[which],
    // The production workflows run with their interceptors; the baselines are the SDK's bare floor.
    workflowInterceptorModules: which === 'bench' ? WORKFLOW_INTERCEPTOR_MODULES : [],
    logger: new DefaultLogger('ERROR'),
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${out}.tmp`, code);
  renameSync(`${out}.tmp`, out);
  return { path: out, built: true, ms: Date.now() - started };
}
