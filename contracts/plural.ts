/** `1 attempt`, `2 attempts`, `0 attempts`: counts in messages people read. Plain TS (workflow-safe). */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
