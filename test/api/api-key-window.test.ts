/**
 * The API-key delivery contract (docs/api.md): `GET …/api-key` hands the key of a completed port-in
 * out for API_KEY_PICKUP_WINDOW after completion (7 days by default), as often as asked in that
 * window; afterwards it answers 410 `api-key-expired` and names what to do instead.
 */
import { TOKEN, call, expectProblem, latestPin, listen, path, preparedPortIn, startApi, waitFor } from './api-fixtures';
import type { Api, ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

/** The same stack behind an API whose pickup window is `window`. */
async function apiWithWindow(window: string): Promise<Api> {
  const config = { ...api.stack.config, API_TOKENS: [TOKEN], API_KEY_PICKUP_WINDOW: window };
  return listen({ config, client: api.stack.client });
}

test('the key is handed out within the pickup window and refused with 410 after it', async () => {
  expect(api.stack.config.API_KEY_PICKUP_WINDOW).toBe('7d');
  const body = await preparedPortIn();
  const { migrationId } = (await call(api, 'POST', '/v1/port-ins', body)).json();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN');
  await call(api, 'POST', path(migrationId, '/pin'), { pin: await latestPin(body.phoneNumber) });
  await waitFor(api, migrationId, (m) => m.execution.executionStatus === 'COMPLETED');

  // Within the window (7 days by default): as often as the backend needs it.
  const first = await call(api, 'GET', path(migrationId, '/api-key'));
  const again = await call(api, 'GET', path(migrationId, '/api-key'));
  expect(first.statusCode).toBe(200);
  expect(again.json()).toEqual(first.json());

  const shortWindow = await apiWithWindow('1s');
  try {
    await new Promise((r) => setTimeout(r, 1200));
    const gone = expectProblem(await call(shortWindow, 'GET', path(migrationId, '/api-key')), 410, 'api-key-expired');
    expect(gone.detail).toMatch(/available for 1s after the port-in completed .*generate a new one/);
    expect(gone.detail).not.toContain(first.json().apiKey);
  } finally {
    await shortWindow.app.close();
  }
}, 60_000);
