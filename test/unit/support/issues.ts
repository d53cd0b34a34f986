/** What a rejected input looks like to a caller: the fields named, with their messages. */
import type { z } from 'zod';

export function fieldIssues(schema: z.ZodType, input: unknown): { field: string; message: string }[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}

/** The names of the offending fields, sorted. */
export const fieldsOf = (schema: z.ZodType, input: unknown): string[] =>
  fieldIssues(schema, input)
    .map((i) => i.field)
    .sort();
