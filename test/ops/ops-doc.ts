/**
 * The shell recipes of docs/ops.md, read from the document itself (so a wrong recipe fails a test)
 * and run with bash against the test dev server, after the page's own setup block, with `temporal`
 * being the cached CLI and `npm run ops` the operator commands. Each recipe a test fetches is
 * marked used, so a test file can check that it ran every recipe of its kind.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const OPS_MD = path.resolve(__dirname, '../../docs/ops.md');

/**
 * The section that sets up a cluster is not operator recipes: test/cluster/ops-doc.test.ts runs
 * its commands on the cluster, as written.
 */
const CLUSTER_SECTION = '## Running on a cluster';

/** The commands of each sh/bash block: continuation lines and multi-line quotes joined, comments dropped. */
export function opsBlocks(): string[][] {
  const whole = readFileSync(OPS_MD, 'utf8');
  const cluster = whole.indexOf(CLUSTER_SECTION);
  const next = cluster < 0 ? -1 : whole.indexOf('\n## ', cluster + CLUSTER_SECTION.length);
  const text = cluster < 0 ? whole : whole.slice(0, cluster) + (next < 0 ? '' : whole.slice(next));
  const blocks = [...text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.map(commandsOf);
}

/** Every command of the page, in order. */
export function opsCommands(): string[] {
  return opsBlocks().flat();
}

function commandsOf(block: string): string[] {
  const commands: string[] = [];
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
  return commands;
}

const used = new Set<string>();

/** The recipes matching `which` that no test of this file has fetched yet. */
export function unusedRecipes(which: (command: string) => boolean): string[] {
  return opsCommands().filter((c) => which(c) && !used.has(c));
}

/** The one command of docs/ops.md that contains (or, `exact`, is) `text`; fails when there is none or several. */
export function opsCommand(text: string, opts: { exact?: boolean } = {}): string {
  const found = opsCommands().filter((c) => (opts.exact ? c === text : c.includes(text)));
  if (found.length !== 1)
    throw new Error(`docs/ops.md has ${found.length} commands containing ${JSON.stringify(text)}`);
  used.add(found[0] as string);
  return found[0] as string;
}

/**
 * The page's setup block as written, pointed at the test servers (address, codec server, token),
 * then `ID=` for `migrationId` when given, then `script`.
 */
export function session(script: string, opts: { migrationId?: string; codecToken?: string } = {}): string {
  const setup = (opsBlocks()[0] ?? []).map((command) => {
    used.add(command);
    if (command.startsWith('export TEMPORAL_ADDRESS='))
      return substitute(command, [['127.0.0.1:7233', required('TEST_TEMPORAL_ADDRESS')]]);
    if (command.startsWith('CODEC=('))
      return substitute(command, [
        ['http://127.0.0.1:8888', required('TEST_CODEC_URL')],
        ['<token from CODEC_AUTH_TOKENS>', opts.codecToken ?? required('TEST_CODEC_TOKEN')],
      ]);
    return command;
  });
  const id = opts.migrationId
    ? [substitute(opsCommand("ID='port-in:+4915123456789'"), [['port-in:+4915123456789', opts.migrationId]])]
    : [];
  return [...setup, ...id, script].join('\n');
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through jest`);
  return value;
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
 * Runs a script with bash from the repository's folder: `temporal` is the cached CLI, the address
 * and namespace come from the env as documented, `input` (if any) is the script's stdin.
 * Asynchronous on purpose: when Jest runs in band, the codec server of the test harness lives in
 * this very process and must keep answering while the CLI calls it.
 */
export function runRecipe(
  script: string,
  opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<RecipeRun> {
  const address = required('TEST_TEMPORAL_ADDRESS');
  required('TEST_TEMPORAL_CLI');
  const child = spawn('bash', ['-c', `set -o pipefail\ntemporal() { "$TEST_TEMPORAL_CLI" "$@"; }\n${script}`], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: 'default', ...opts.env },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: opts.timeoutMs ?? 60_000,
  });
  if (opts.input !== undefined) child.stdin?.end(opts.input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
