/** Where the workflow code lives, shared by the worker, the bundle script, replay tests and benchmarks. */
import path from 'node:path';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');
export const DEFAULT_BUNDLE_PATH = path.resolve(__dirname, '../lib/workflow-bundle.js');
