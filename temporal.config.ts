/**
 * All runtime settings, read from the environment once and validated with one zod schema.
 * Nothing else in the project reads `process.env`: entry points call `loadConfig()` and pass
 * the typed values down (workers build activity dependencies from it, the launcher builds child
 * environments from it). An invalid setup fails at start-up listing every bad setting at once.
 * The schema's groups of settings are in `config/schema-*.ts`, the dev-only checks in `config/dev-only.ts`.
 */
import { z } from 'zod';
import { devOnlyIssues, type DevSecretVariable, type Raw } from './config/dev-only';
import { outsideShape } from './config/schema-outside';
import { processesShape } from './config/schema-processes';
import { temporalShape } from './config/schema-temporal';
import { timingsShape } from './config/schema-timings';

export { DEV_SECRET_VARIABLES, type DevSecretVariable } from './config/dev-only';

/** Every setting, its environment variable, its local default and what it means (the README table is checked against this). */
export const ConfigSchema = z.object({
  // Spread in this order: it is the order of `Config`'s keys and of the README table.
  ...temporalShape,
  ...processesShape,
  ...outsideShape,
  ...timingsShape,
});

export type Config = z.infer<typeof ConfigSchema>;

/** Thrown at start-up with every invalid or missing setting listed (never their values). */
export class ConfigError extends Error {
  override name = 'ConfigError' as const;
  constructor(
    readonly issues: string[],
    /** Variables refused only because they hold a dev-only value (see `devOnlyIssues`). */
    readonly devOnly: string[] = [],
    note?: string,
  ) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}${note ? `\n${note}` : ''}`);
  }
}

/** Options of `loadConfig` for a process that does not use every setting. */
export interface LoadOptions {
  /** Dev-only secrets this process never uses: not refused (the codec server has no SECRET_SEALING_KEYS). */
  unused?: readonly DevSecretVariable[];
}

export function loadConfig(env: Raw = process.env, opts: LoadOptions = {}): Readonly<Config> {
  const known: Raw = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(known);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (Boolean(known.TEMPORAL_TLS_CLIENT_CERT_PATH) !== Boolean(known.TEMPORAL_TLS_CLIENT_KEY_PATH)) {
    issues.push('TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH must be set together');
  }
  const devOnly = devOnlyIssues(known, new Set(opts.unused));
  if (issues.length || devOnly.variables.length) {
    throw new ConfigError([...issues, ...devOnly.issues], devOnly.variables, devOnly.note);
  }
  return Object.freeze((parsed as { data: Config }).data);
}

/** Environment to hand a child process: the parent's environment plus explicit overrides. */
export function childEnv(overrides: Record<string, string | number | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = String(v);
  return env;
}

/** Whether logs should be pretty: explicit setting, otherwise only when stdout is a terminal. */
export function usePrettyLogs(config: Pick<Config, 'LOG_PRETTY'>): boolean {
  return config.LOG_PRETTY ?? Boolean(process.stdout.isTTY);
}
