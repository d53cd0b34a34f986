/**
 * The owner's page when Temporal cannot be reached (a real client on a closed port): a 503 page in
 * the owner's language, telling them to try again.
 */
import { Client, Connection } from '@temporalio/client';
import { actionLinks } from '../../secrets/action-links';
import { listen, request } from '../api/api-fixtures';
import { testConfig } from '../harness/env';

test('Temporal unreachable: a 503 page in the language the owner reads (German here), nothing else', async () => {
  const config = testConfig();
  const connection = Connection.lazy({ address: '127.0.0.1:1' });
  const down = await listen({
    config,
    client: new Client({ connection, namespace: 'default' }),
    temporalTimeouts: { queryMs: 1_500 },
  });
  try {
    const token = await actionLinks(config.OWNER_LINK_KEYS).mint({
      migrationId: 'port-in:+4915123456789',
      runId: 'run-1',
      step: 'AWAITING_PIN',
      action: 'enter_code',
      expiresAt: new Date(Date.now() + 3_600_000),
      issuedAt: new Date(),
    });
    const res = await request(down, {
      method: 'GET',
      url: `/a/${token}`,
      headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' },
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="de"');
    expect(res.body).toContain('Gerade nicht erreichbar');
    expect(res.body).toContain('Bitte versuchen Sie es in ein paar Minuten erneut.');
    expect(res.body).not.toContain(token);
  } finally {
    await down.app.close();
    await connection.close();
  }
}, 30_000);
