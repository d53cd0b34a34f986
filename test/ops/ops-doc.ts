/**
 * The shell recipes of docs/ops.md, read from the document itself (so a wrong recipe fails a test)
 * and run with bash against the test dev server, with `temporal` being the cached CLI.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const OPS_MD = path.resolve(__dirname, '../../docs/ops.md');

/** Every command of the sh/bash blocks: continuation lines and multi-line quotes joined, comments dropped. */
export function opsCommands(): string[] {
  const text = readFileSync(OPS_MD, 'utf8');
  const blocks = [...text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const commands: string[] = [];
  for (const block of blocks) {
    let current = '';
    for (const line of block.split('\n')) {
      if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
      current = current ? `${current}\n${line}` : line;
      const openQuote = (current.match(/'/g) ?? []).length % 2 === 1;
      if (!current.endsWith('\\') && !openQuote) {
        commands.push(current.replace(/\s+#[^'"\n]*$/, ''));
        current = '';
      }
    }
  }
  return commands;
}

/** The one command of docs/ops.md that contains (or, `exact`, is) `text`; fails when there is none or several. */
export function opsCommand(text: string, opts: { exact?: boolean } = {}): string {
  const found = opsCommands().filter((c) => (opts.exact ? c === text : c.includes(text)));
  if (found.length !== 1)
    throw new Error(`docs/ops.md has ${found.length} commands containing ${JSON.stringify(text)}`);
  return found[0] as string;
}

/** Replaces each `from` (which must occur) by its `to`. */
export function substitute(command: string, pairs: [string, string][]): string {
  return pairs.reduce((c, [from, to]) => {
    if (!c.includes(from)) throw new Error(`${JSON.stringify(from)} is not in the recipe: ${c}`);
    return c.split(from).join(to);
  }, command);
}

export interface RecipeRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a script with bash: `temporal` is the cached CLI, the address and namespace come from the env
 * as documented. Asynchronous on purpose: when Jest runs in band, the codec server of the test
 * harness lives in this very process and must keep answering while the CLI calls it.
 */
export function runRecipe(script: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<RecipeRun> {
  const cli = process.env.TEST_TEMPORAL_CLI;
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!cli || !address) throw new Error('TEST_TEMPORAL_CLI / TEST_TEMPORAL_ADDRESS are not set: run through jest');
  const child = spawn('bash', ['-c', `set -o pipefail\ntemporal() { "$TEST_TEMPORAL_CLI" "$@"; }\n${script}`], {
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
