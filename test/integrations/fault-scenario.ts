/**
 * The fault scenario of faults.test.ts as a process of its own (`node --import tsx`), so that an
 * `unhandledRejection` listener sits on the real `process` (Jest gives each test file a sandboxed
 * one whose listeners never fire). Under 30% errors, latency and hangs with a small HTTP timeout,
 * it makes reads, costly writes retried with the same idempotency key and calls that time out,
 * waits for late rejections (aborted fetches, hung sockets), then prints one JSON line
 * `{ calls, failures, unhandled }` and exits 0, or 3 if any rejection went unhandled.
 * `--inject-unhandled` adds one deliberate bug (a failing call nobody awaits) to prove the detector.
 */
import pino from 'pino';
import { createOutsideWorld } from '../../integrations';
import { freshNumber, portIn, startSimFixture, wabaOf, withRetries } from './sim-fixture';

const unhandled: string[] = [];
process.on('unhandledRejection', (reason) =>
  unhandled.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason)),
);

const FAULTS = { errorRate: 0.3, latencyMs: 20, latencyJitterMs: 100, hangRate: 0.1, seed: 7 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const f = await startSimFixture();
  const world = createOutsideWorld({ ...f.config, HTTP_TIMEOUT_MS: 800 }, pino({ level: 'silent' }));
  const numbers = Array.from({ length: 4 }, () => freshNumber('+49152'));
  const submissions = await Promise.all(numbers.map((n) => portIn(f.world, n)));
  const waba = await f.ctl.createWaba({ count: 2 });
  await f.ctl.faults(FAULTS);

  const settled: PromiseSettledResult<unknown>[] = [];
  for (let round = 0; round < 4; round++) {
    const batch: Promise<unknown>[] = [world.supportDesk.getTicket('missing')];
    numbers.forEach((n, j) => {
      const s = submissions[j] as { channelId: string; phoneNumberId: string; portingId: string };
      batch.push(world.meta.getWaba(wabaOf(n)), world.meta.findPhoneNumber(wabaOf(n), n));
      batch.push(world.dialog360.getChannel(s.channelId), world.dialog360.getPortingStatus(s.portingId));
      batch.push(world.meta.verifyCode({ phoneNumberId: s.phoneNumberId, code: '314159' }));
    });
    settled.push(...(await Promise.allSettled(batch)));
  }
  const costly = await Promise.allSettled([
    ...[0, 1, 2].map((i) =>
      withRetries(() =>
        world.supportDesk.createTicket({
          idempotencyKey: `scenario:${i}`,
          topic: 't',
          subject: 's',
          body: 'b',
          tags: [],
        }),
      ),
    ),
    ...waba.channels.map((c) => withRetries(() => world.dialog360.createApiKey(c.id, `scenario:key:${c.id}`))),
  ]);
  settled.push(...costly);
  // The deliberate bug: a call that fails (404), started and never awaited.
  if (process.argv.includes('--inject-unhandled')) void world.supportDesk.getTicket('never-awaited');

  await sleep(2000); // > 2x the HTTP timeout: late rejections of aborted or hung requests surface now
  await f.ctl.clearFaults();
  await f.sim.close();
  await sleep(100);
  const failures = settled.filter((r) => r.status === 'rejected').length;
  process.stdout.write(`${JSON.stringify({ calls: settled.length, failures, unhandled })}\n`);
  process.exit(unhandled.length ? 3 : 0);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: String(err), unhandled })}\n`);
  process.exit(1);
});
