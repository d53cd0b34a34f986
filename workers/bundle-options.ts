/**
 * Where the workflow code and its interceptor modules live, shared by the worker, the bundle script,
 * replay tests and benchmarks: every bundle of the production workflows must include both.
 */
import path from 'node:path';

// Run from source (tsx) this file is workers/bundle-options.ts; compiled (`npm run build`) it is
// lib/workers/bundle-options.js. Both find their own workflows and the same lib/ folder.
const compiled = path.extname(__filename) === '.js';
const LIB = path.resolve(__dirname, compiled ? '..' : '../lib');

export const WORKFLOWS_PATH = path.resolve(__dirname, `../workflows/index${path.extname(__filename)}`);
/**
 * Workflow interceptor modules: the batch call-limits header (workflows/kit/batch-call-header.ts) and
 * the trace context carried to activities (workflows/kit/trace-context.ts). Headers only.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [
  path.resolve(__dirname, `../workflows/kit/batch-call-header${path.extname(__filename)}`),
  path.resolve(__dirname, `../workflows/kit/trace-context${path.extname(__filename)}`),
];
export const DEFAULT_BUNDLE_PATH = path.join(LIB, 'workflow-bundle.js');
