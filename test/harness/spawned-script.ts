/** A TypeScript script run with tsx in a child process, its output collected as it runs. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnedScript {
  child: ChildProcess;
  /** Resolves with the exit code once the process has closed its output. */
  exited: Promise<number | null>;
  output: () => { stdout: string; stderr: string };
}

export function spawnScript(
  entry: string,
  opts: { env: NodeJS.ProcessEnv; cwd?: string; nodeArgs?: string[] },
): SpawnedScript {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', entry], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}
