/**
 * A private PostgreSQL for the local cluster: Debian's server binaries, its own data folder and
 * port, created on first start and reused after. Never the system instance (5432, /var/lib).
 *
 * Run as root (a container, CI), it runs as the `postgres` OS user: PostgreSQL refuses root.
 * It listens on 127.0.0.1 only, without a Unix socket; the Temporal services log in as `temporal`
 * with a password (scram-sha-256), a role created in single-user mode right after initdb.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BinaryUnavailableError } from '../temporal-binaries';
import { spawnManaged, waitUntil, type Managed } from '../stack/processes';

/** The Temporal services' database user. Local-only credentials: the server listens on loopback. */
export const PG_USER = 'temporal';
export const PG_PASSWORD = 'temporal';

export interface PostgresOptions {
  /** The data folder (PGDATA), created on first start. */
  dataDir: string;
  port: number;
  logFile: string;
}

interface OsUser {
  uid: number;
  gid: number;
  name: string;
}

/** Debian's PostgreSQL server binaries: /usr/lib/postgresql/<major>/bin, 15 preferred. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'postgres')))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  const major = majors.includes(15) ? 15 : majors.find((m) => m >= 12);
  if (major === undefined) {
    throw new BinaryUnavailableError(
      `PostgreSQL server binaries not found under ${root}/<version>/bin (12 or newer). ` +
        `Install Debian's: apt-get install postgresql-15`,
    );
  }
  return path.join(root, String(major), 'bin');
}

/** Who runs PostgreSQL: ourselves, or the `postgres` OS user when we are root. */
function serverUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) {
    throw new BinaryUnavailableError(
      'Running as root, PostgreSQL needs the `postgres` OS user (Debian creates it with the postgresql package).',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name: 'postgres' };
}

function asUser(user: OsUser | undefined): { uid?: number; gid?: number } {
  return user ? { uid: user.uid, gid: user.gid } : {};
}

/** Creates the data folder and the `temporal` role, once; later calls find it and do nothing. */
function ensureInitialised(bin: string, dataDir: string, user: OsUser | undefined): boolean {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dataDir, user.uid, user.gid);
  const access = spawnSync('test', ['-w', dataDir], asUser(user));
  if (access.status !== 0) {
    throw new Error(
      `PostgreSQL's data folder ${dataDir} is not writable by the ${user?.name ?? 'current'} user: ` +
        `every folder above it must be searchable (chmod o+x), or set DATA_DIR elsewhere.`,
    );
  }
  const run = (cmd: string, args: string[], input?: string) => {
    const out = spawnSync(path.join(bin, cmd), args, { ...asUser(user), encoding: 'utf8', input, cwd: dataDir });
    if (out.status !== 0) throw new Error(`${cmd} failed (exit ${out.status}):\n${out.stdout}${out.stderr}`);
  };
  run('initdb', [
    '-D',
    dataDir,
    '--username=postgres',
    '--encoding=UTF8',
    '--locale=C',
    '--auth-local=peer',
    '--auth-host=scram-sha-256',
  ]);
  // Single-user mode: no connection, so no superuser password is ever needed or stored.
  run(
    'postgres',
    ['--single', '-D', dataDir, '-j', 'postgres'],
    `CREATE ROLE ${PG_USER} LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';\n`,
  );
  return true;
}

/** One PostgreSQL server process, restartable. */
export class PostgresServer {
  private readonly bin = postgresBinDir();
  private readonly user = serverUser();
  private current: Managed | undefined;
  /** True after start() if this start created the data folder. */
  created = false;

  constructor(readonly opts: PostgresOptions) {}

  get process(): Managed | undefined {
    return this.current;
  }

  async start(): Promise<void> {
    this.created = ensureInitialised(this.bin, this.opts.dataDir, this.user) || this.created;
    const args = [
      '-D',
      this.opts.dataDir,
      '-p',
      String(this.opts.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // 4 services x (20 persistence + 10 visibility connections), the schema tool, psql.
      '-c',
      'max_connections=200',
      '-c',
      'log_line_prefix=%m [%p] %q%u@%d ',
    ];
    this.current = spawnManaged('postgres', path.join(this.bin, 'postgres'), args, {
      logFile: this.opts.logFile,
      ...asUser(this.user),
    });
    await waitUntil(`PostgreSQL on 127.0.0.1:${this.opts.port}`, () => Promise.resolve(this.ready()), {
      timeoutMs: 60_000,
      process: this.current,
    });
  }

  /** `pg_isready`: accepting connections. */
  ready(): boolean {
    const out = spawnSync(path.join(this.bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(this.opts.port)]);
    return out.status === 0;
  }

  /**
   * Fast shutdown (SIGINT: open sessions are ended, a clean checkpoint); `hard` is SIGKILL of the
   * whole process group, a crash that the next start recovers from its WAL.
   */
  async stop(opts: { hard?: boolean; graceMs?: number } = {}): Promise<void> {
    const proc = this.current;
    if (!proc?.child.pid || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
    const pid = proc.child.pid;
    const signal = (target: number, sig: NodeJS.Signals) => {
      try {
        process.kill(target, sig);
      } catch {
        // Already gone.
      }
    };
    if (opts.hard) signal(-pid, 'SIGKILL');
    else signal(pid, 'SIGINT');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), opts.graceMs ?? 30_000).unref());
    if ((await Promise.race([proc.exited, timeout])) === 'timeout') {
      signal(-pid, 'SIGKILL');
      await proc.exited;
    }
  }

  /** Whether the data folder was created by an earlier start (for "first start" messages). */
  static exists(dataDir: string): boolean {
    return existsSync(path.join(dataDir, 'PG_VERSION')) && statSync(dataDir).isDirectory();
  }
}
