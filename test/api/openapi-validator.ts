/**
 * Validates an OpenAPI document with @seriousme/openapi-schema-validator (the official OpenAPI
 * JSON schemas, run by Ajv; a `$ref` that does not resolve is an error too). The package is ESM-only, so it runs in a
 * child Node process rather than inside Jest's CommonJS module system.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface OpenApiValidation {
  valid: boolean;
  version?: string;
  errors?: unknown;
}

const SCRIPT = `
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';
const validator = new Validator();
const result = await validator.validate(JSON.parse(readFileSync(0, 'utf8')));
process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
`;

export function validateOpenApi(doc: unknown): OpenApiValidation {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: path.resolve(__dirname, '../..'),
    input: JSON.stringify(doc),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`the OpenAPI validator did not run: ${run.stderr || run.error?.message}`);
  return JSON.parse(run.stdout) as OpenApiValidation;
}
