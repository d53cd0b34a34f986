/**
 * The README's configuration table, generated from the zod schema in temporal.config.ts
 * (`npm run config:table`); a test fails when the README's copy drifts from the schema.
 */
import type { z } from 'zod';
import { ConfigSchema, DEV_SECRET_VARIABLES } from '../temporal.config';

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

function defaultOf(schema: z.ZodType): string {
  const def = (schema as unknown as { _zod: { def: { type: string; defaultValue?: unknown; innerType?: z.ZodType } } })
    ._zod.def;
  if (def.type === 'default') {
    const v = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    if (Array.isArray(v) && v.length === 0) return '(none)';
    return `\`${Array.isArray(v) ? v.join(',') : String(v)}\``;
  }
  if ((def.type === 'optional' || def.type === 'pipe') && def.innerType) return defaultOf(def.innerType);
  return '(unset)';
}

export function configTable(): string {
  const rows = Object.entries(ConfigSchema.shape).map(([key, schema]) => {
    const s = schema as z.ZodType;
    // Dev-only secrets are refused on a real cluster by value: the table does not advertise them.
    const secret = (DEV_SECRET_VARIABLES as string[]).includes(key);
    const dflt = secret ? 'dev-only value' : defaultOf(s);
    return `| \`${key}\` | ${dflt} | ${s.description ?? ''} |`;
  });
  return [TABLE_START, '| Variable | Default | Meaning |', '|---|---|---|', ...rows, TABLE_END].join('\n');
}

if (require.main === module) process.stdout.write(`${configTable()}\n`);
