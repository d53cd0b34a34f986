/** Prebuilds the workflow bundle for production workers (`npm run build:workflow`): no webpack at start. */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { DEFAULT_BUNDLE_PATH, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './bundle-options';

export async function buildWorkflowBundle(outPath = DEFAULT_BUNDLE_PATH): Promise<string> {
  const started = Date.now();
  // Webpack's module listing only matters when the build fails; warnings and errors still show.
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: new DefaultLogger('WARN'),
  });
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, code);
  process.stderr.write(
    `workflow bundle: ${outPath} (${(code.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)\n`,
  );
  return outPath;
}

if (require.main === module) {
  buildWorkflowBundle(process.argv[2]).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
