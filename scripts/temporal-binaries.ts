/**
 * Finds or builds the Temporal binaries without internet access (see ../shared/docs/temporal-server-offline.md):
 * - the Temporal CLI (dev server + Web UI), built from Go modules, pinned to TEMPORAL_CLI_VERSION;
 * - the Java time-skipping test server, fetched from Maven Central, pinned to TEST_SERVER_VERSION.
 * Both are cached outside the checkout (~/.cache/wa-migrations) and reused while the version matches.
 *
 * Resolution order: explicit path from config -> `temporal` on PATH with the pinned version -> cache -> build.
 * Run directly (`npm run temporal:binaries`) to prepare both, e.g. in CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../temporal.config';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

type Say = (msg: string) => void;
const defaultSay: Say = (msg) => process.stderr.write(`[temporal-binaries] ${msg}\n`);

export class BinaryUnavailableError extends Error {
  override name = 'BinaryUnavailableError' as const;
}

export function cacheRoot(config: Pick<Config, 'TEMPORAL_BINARIES_CACHE'>): string {
  return config.TEMPORAL_BINARIES_CACHE ?? path.join(homedir(), '.cache', 'wa-migrations');
}

function cliVersionOf(binary: string): string | undefined {
  const out = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return out.status === 0 ? /temporal version (\S+)/.exec(out.stdout)?.[1] : undefined;
}

function onPath(name: string): string | undefined {
  const out = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() || undefined : undefined;
}

/** Path of a Temporal CLI binary of the pinned version, building it with `go install` if needed. */
export function ensureTemporalCli(config: Config, say: Say = defaultSay): string {
  if (config.TEMPORAL_CLI_PATH) {
    if (!existsSync(config.TEMPORAL_CLI_PATH)) {
      throw new BinaryUnavailableError(`TEMPORAL_CLI_PATH=${config.TEMPORAL_CLI_PATH} does not exist`);
    }
    return config.TEMPORAL_CLI_PATH;
  }
  const fromPath = onPath('temporal');
  if (fromPath && cliVersionOf(fromPath) === TEMPORAL_CLI_VERSION) return fromPath;

  const dir = path.join(cacheRoot(config), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const binary = path.join(dir, 'temporal');
  // `go install pkg@version` stamps 0.0.0-DEV, so the cache records what it built in a stamp file.
  const stamp = path.join(dir, 'VERSION');
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === TEMPORAL_CLI_VERSION) {
    return binary;
  }

  if (!onPath('go')) {
    throw new BinaryUnavailableError(
      `No Temporal CLI ${TEMPORAL_CLI_VERSION} found and Go is not installed to build it.\n` +
        `Fix one of: install Go >= 1.24 and run again; put temporal ${TEMPORAL_CLI_VERSION} on PATH; ` +
        `or set TEMPORAL_CLI_PATH to a temporal binary.`,
    );
  }
  say(
    `building Temporal CLI ${TEMPORAL_CLI_VERSION} from Go modules into ${dir} (first time only, ~3 min on 2 cores)...`,
  );
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const result = spawnSync('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
  });
  if (result.status !== 0 || !existsSync(binary)) {
    throw new BinaryUnavailableError(
      `Building the Temporal CLI failed (go install exit ${result.status}). Check that the Go module proxy is ` +
        `reachable (GOPROXY=${process.env.GOPROXY ?? 'default'}), or set TEMPORAL_CLI_PATH to an existing binary.`,
    );
  }
  writeFileSync(stamp, `${TEMPORAL_CLI_VERSION}\n`);
  say(`built Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
  return binary;
}

/** Path of a launcher script for the Java time-skipping test server, fetching its jars with Maven if needed. */
export function ensureTestServer(config: Config, say: Say = defaultSay): string {
  if (config.TEMPORAL_TEST_SERVER_PATH) {
    if (!existsSync(config.TEMPORAL_TEST_SERVER_PATH)) {
      throw new BinaryUnavailableError(`TEMPORAL_TEST_SERVER_PATH=${config.TEMPORAL_TEST_SERVER_PATH} does not exist`);
    }
    return config.TEMPORAL_TEST_SERVER_PATH;
  }
  const dir = path.join(cacheRoot(config), `temporal-test-server-${TEST_SERVER_VERSION}`);
  const launcher = path.join(dir, 'test-server-v2');
  const libDir = path.join(dir, 'lib');
  if (
    existsSync(launcher) &&
    existsSync(libDir) &&
    readdirSync(libDir).some((f) => f.startsWith('temporal-test-server'))
  ) {
    return launcher;
  }
  for (const tool of ['java', 'mvn']) {
    if (!onPath(tool)) {
      throw new BinaryUnavailableError(
        `The time-skipping test server needs ${tool} (Java 17+ and Maven) to be fetched from Maven Central. ` +
          `Install it, or set TEMPORAL_TEST_SERVER_PATH to an existing launcher.`,
      );
    }
  }
  say(`fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven into ${dir}...`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local.wa-migrations</groupId><artifactId>test-server-fetch</artifactId><version>1</version>
  <dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
  <version>${TEST_SERVER_VERSION}</version></dependency></dependencies></project>\n`,
  );
  const result = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${libDir}`], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new BinaryUnavailableError(
      `Maven could not fetch the test server (exit ${result.status}); is Maven Central reachable?`,
    );
  }
  // The SDK calls `<exe> <port> [extra args]` and locks/unlocks time skipping itself; forcing
  // --enable-time-skipping here would start the server unlocked and skip time during workflow tasks.
  writeFileSync(
    launcher,
    `#!/bin/sh
# Temporal Java test server ${TEST_SERVER_VERSION} (time skipping), launched by @temporalio/testing via existing-path.
exec java -Xms64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "${libDir}/*" io.temporal.testserver.TestServer "$@"
`,
  );
  chmodSync(launcher, 0o755);
  return launcher;
}

if (require.main === module) {
  try {
    const config = loadConfig();
    const cli = ensureTemporalCli(config);
    defaultSay(`Temporal CLI: ${cli} (${execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim()})`);
    defaultSay(`time-skipping test server: ${ensureTestServer(config)}`);
  } catch (err) {
    defaultSay(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
