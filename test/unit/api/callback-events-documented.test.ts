/** Every event type a workflow emits is documented for requesters (api/callback-events.ts, OpenAPI webhooks). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CALLBACK_EVENT_TYPES } from '../../../api/callback-events';

const WORKFLOWS = path.resolve(__dirname, '../../../workflows');

test('every event type emitted in workflows/ is documented for requesters', () => {
  const files = readdirSync(WORKFLOWS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const emitted = new Set<string>();
  for (const f of files)
    for (const m of readFileSync(path.join(WORKFLOWS, f), 'utf8').matchAll(/emit\(\s*'(migration\.[a-z_]+)'/g))
      emitted.add(m[1] as string);
  expect(emitted.size).toBeGreaterThan(5);
  expect([...emitted].filter((t) => !(CALLBACK_EVENT_TYPES as string[]).includes(t))).toEqual([]);
});
