/**
 * The binaries of the local production-shaped cluster (`npm run cluster`), built without internet
 * access beyond the Go module proxy, like the CLI in ../temporal-binaries.ts:
 * - `temporal-server` (go.temporal.io/server/cmd/server), each service runs it with `--service=…`;
 * - `temporal-sql-tool` (go.temporal.io/server/cmd/tools/sql), which creates and migrates the schema;
 * - the PostgreSQL schema files of the same release (schema/postgresql/v12/{temporal,visibility}),
 *   copied from the module's source in GOMODCACHE so the cache does not depend on it later.
 * Cached under ~/.cache/wa-migrations/temporal-server-<version>/ with a VERSION stamp.
 *
 * Run directly (`npm run cluster:binaries`) to prepare them, e.g. in CI.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../temporal.config';
import { BinaryUnavailableError, cacheRoot } from '../temporal-binaries';

/**
 * The newest 1.30.x whose go.mod builds with Go 1.26.8: v1.30.9 declares `go 1.26.10`, which a
 * local toolchain older than that refuses (GOTOOLCHAIN=local). No `replace` in its go.mod.
 */
export const TEMPORAL_SERVER_VERSION = '1.30.8';
const MODULE = 'go.temporal.io/server';

export interface ServerBinaries {
  /** `temporal-server` */
  server: string;
  /** `temporal-sql-tool` */
  sqlTool: string;
  /** `…/schema/postgresql/v12`, holding `temporal/` and `visibility/` (each with `versioned/`). */
  postgresSchemaDir: string;
}

type Say = (msg: string) => void;
const defaultSay: Say = (msg) => process.stderr.write(`[cluster-binaries] ${msg}\n`);

export function serverCacheDir(config: Pick<Config, 'TEMPORAL_BINARIES_CACHE'>): string {
  return path.join(cacheRoot(config), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

function cachePaths(dir: string): ServerBinaries {
  return {
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    postgresSchemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
}

/** The binaries and schema files if they are built and stamped with TEMPORAL_SERVER_VERSION; never builds. */
export function cachedServerBinaries(config: Pick<Config, 'TEMPORAL_BINARIES_CACHE'>): ServerBinaries | undefined {
  const dir = serverCacheDir(config);
  const found = cachePaths(dir);
  const stamp = path.join(dir, 'VERSION');
  const complete =
    [found.server, found.sqlTool, found.postgresSchemaDir].every((p) => existsSync(p)) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === TEMPORAL_SERVER_VERSION;
  return complete ? found : undefined;
}

/** The binaries and schema files of TEMPORAL_SERVER_VERSION, built with `go install` on first use. */
export function ensureServerBinaries(
  config: Pick<Config, 'TEMPORAL_BINARIES_CACHE'>,
  say: Say = defaultSay,
): ServerBinaries {
  const cached = cachedServerBinaries(config);
  if (cached) return cached;
  const dir = serverCacheDir(config);
  const found = cachePaths(dir);
  const stamp = path.join(dir, 'VERSION');

  if (!goAvailable()) {
    throw new BinaryUnavailableError(
      `No Temporal server ${TEMPORAL_SERVER_VERSION} in ${dir} and Go is not installed to build it.\n` +
        `Install Go >= 1.25.14 (the module's go.mod) and run again.`,
    );
  }
  say(
    `building Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool from Go modules into ${dir} ` +
      `(first time only, ~5 min on 2 cores)...`,
  );
  rmSync(stamp, { force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const env = { ...process.env, GOBIN: dir, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
  const at = `@v${TEMPORAL_SERVER_VERSION}`;
  const build = spawnSync('go', ['install', `${MODULE}/cmd/server${at}`, `${MODULE}/cmd/tools/sql${at}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  // `go install` names a binary after its package folder: server, sql.
  if (build.status !== 0 || !existsSync(path.join(dir, 'server')) || !existsSync(path.join(dir, 'sql'))) {
    throw new BinaryUnavailableError(
      `Building the Temporal server ${TEMPORAL_SERVER_VERSION} failed (go install exit ${build.status}). Check ` +
        `that the Go module proxy is reachable (GOPROXY=${process.env.GOPROXY ?? 'default'}) and that ` +
        `\`go version\` is at least the module's go directive (1.25.14).`,
    );
  }
  renameSync(path.join(dir, 'server'), found.server);
  renameSync(path.join(dir, 'sql'), found.sqlTool);

  // The schema files ship in the module's source, which `go install` has just put in GOMODCACHE.
  const download = spawnSync('go', ['mod', 'download', '-json', `${MODULE}${at}`], { encoding: 'utf8', env });
  const moduleDir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  const source = moduleDir && path.join(moduleDir, 'schema', 'postgresql', 'v12');
  if (!source || !existsSync(path.join(source, 'temporal', 'versioned'))) {
    throw new BinaryUnavailableError(
      `The PostgreSQL schema of ${MODULE}${at} was not found (go mod download: ${download.stderr || 'no Dir'}).`,
    );
  }
  rmSync(found.postgresSchemaDir, { recursive: true, force: true });
  cpSync(source, found.postgresSchemaDir, { recursive: true });
  // GOMODCACHE is read-only; the copy must stay writable, or the next rebuild cannot replace it.
  spawnSync('chmod', ['-R', 'u+w', found.postgresSchemaDir]);

  writeFileSync(stamp, `${TEMPORAL_SERVER_VERSION}\n`);
  say(`built Temporal server ${TEMPORAL_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  return found;
}

if (require.main === module) {
  try {
    const binaries = ensureServerBinaries(loadConfig());
    defaultSay(`temporal-server: ${binaries.server}`);
    defaultSay(`temporal-sql-tool: ${binaries.sqlTool}`);
    defaultSay(`PostgreSQL schema: ${binaries.postgresSchemaDir}`);
  } catch (err) {
    defaultSay(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
