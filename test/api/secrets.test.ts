/**
 * Secrets never reach the logs: a whole port-in over HTTP with a trace-level logger, then the log
 * text is searched for the PINs, the API key and the bearer token.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_FIELDS } from '../../observability/logger';
import { TOKEN, call, latestPin, listen, path, preparedPortIn, startApi, waitFor, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

test('secrets stay out of the logs: PINs (right, wrong, malformed), the API key, the bearer token', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'trace', redact: { paths: REDACTED_FIELDS, censor: '[redacted]' } }, sink);
  const logged = await listen({
    config: { ...api.stack.config, API_TOKENS: [TOKEN] },
    client: api.stack.client,
    logger,
  });
  try {
    const body = await preparedPortIn();
    const { migrationId } = (await call(logged, 'POST', '/v1/port-ins', body)).json();
    await waitFor(logged, migrationId, (m) => m.step === 'AWAITING_PIN');
    const pin = await latestPin(body.phoneNumber);
    const wrong = pin === '000000' ? '111111' : '000000';
    await call(logged, 'POST', path(migrationId, '/pin'), { pin: '77123' });
    await call(logged, 'POST', path(migrationId, '/pin'), { pin: wrong }, { 'x-request-id': 'log-check-1' });
    await call(logged, 'POST', path(migrationId, '/pin'), { pin });
    await waitFor(logged, migrationId, (m) => m.outcome === 'completed');
    const { apiKey } = (await call(logged, 'GET', path(migrationId, '/api-key'))).json();

    const text = lines.join('');
    expect(text).toContain('"requestId":"log-check-1"');
    expect(text).toMatch(/"route":"\/v1\/migrations\/:id\/pin","status":422/);
    for (const secret of [pin, wrong, '77123', apiKey, TOKEN]) expect(text).not.toContain(secret);
  } finally {
    await logged.app.close();
  }
});
