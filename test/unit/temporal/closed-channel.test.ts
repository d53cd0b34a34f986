/**
 * A client call in the SDK's retry backoff when its connection closes fails with its own error
 * instead of throwing "Channel has been shut down" from a timer (an uncaught exception).
 */
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { clientInterceptors } from '../../../temporal/closed-channel';

const NOBODY_LISTENS = '127.0.0.1:1';

async function callThenCloseDuringBackoff(options: ConnectionOptions): Promise<unknown> {
  const uncaught: Error[] = [];
  const onUncaught = (err: Error) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const connection = Connection.lazy({ ...options, address: NOBODY_LISTENS });
    const call = connection.workflowService.getSystemInfo({}).then(
      () => new Error('answered'),
      (err: unknown) => err,
    );
    // The first attempt is refused at once (UNAVAILABLE); the retry waits ~100 ms+ in backoff.
    await new Promise((r) => setTimeout(r, 50));
    await connection.close();
    const outcome = await call;
    // Any retry timer left would fire within the SDK's longest backoff (5 s, +20 % jitter).
    await new Promise((r) => setTimeout(r, 250));
    return { outcome, uncaught };
  } finally {
    process.off('uncaughtException', onUncaught);
  }
}

test('a call made after the connection closed rejects with CANCELLED, nothing thrown from a timer', async () => {
  const uncaught: Error[] = [];
  const onUncaught = (err: Error) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const connection = Connection.lazy({ address: NOBODY_LISTENS, interceptors: clientInterceptors() });
    await connection.close();
    const outcome: Error & { code?: number } = await connection.workflowService.getSystemInfo({}).then(
      () => new Error('answered'),
      (err: unknown) => err as Error & { code?: number },
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(uncaught).toEqual([]);
    expect(outcome.code).toBe(1);
    expect(outcome.message).toContain('the client closed its connection');
  } finally {
    process.off('uncaughtException', onUncaught);
  }
});

// Without the guard (the SDK's default interceptors) this call never settles and its retry throws
// "Channel has been shut down" from a timer: the failure seen in CI's worker-crashes suite.
test('a call retrying on a closed connection rejects with CANCELLED and nothing is thrown from a timer', async () => {
  const { outcome, uncaught } = (await callThenCloseDuringBackoff({ interceptors: clientInterceptors() })) as {
    outcome: Error & { code?: number };
    uncaught: Error[];
  };
  expect(uncaught).toEqual([]);
  expect(outcome).toBeInstanceOf(Error);
  expect(outcome.code).toBe(1); // CANCELLED: not retried again
  expect(outcome.message).toContain('Channel has been shut down: the client closed its connection');
});
