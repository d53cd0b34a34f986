/** `--name=value` arguments of a benchmark script, with typed defaults (the full-run sizes). */

export function parseArgs<T extends Record<string, number | string | boolean>>(
  defaults: T,
  argv = process.argv.slice(2),
): T {
  const out: Record<string, number | string | boolean> = { ...defaults };
  for (const arg of argv) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument ${arg} (use --name=value)`);
    const key = (m[1] ?? '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    if (!(key in defaults)) throw new Error(`unknown option --${m[1]}; known: ${Object.keys(defaults).join(', ')}`);
    const raw = m[2] ?? 'true';
    const d = defaults[key];
    out[key] = typeof d === 'number' ? Number(raw) : typeof d === 'boolean' ? raw !== 'false' : raw;
    if (typeof d === 'number' && !Number.isFinite(out[key])) throw new Error(`--${m[1]} must be a number`);
  }
  return out as T;
}

/** Comma-separated numbers, e.g. `--sizes=1000,5000`. */
export function numberList(s: string): number[] {
  return s
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((x) => Number.isFinite(x) && x > 0);
}
