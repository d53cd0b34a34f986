/**
 * The demo's batch: six port-outs for one client in one call (POST /v1/batches), five whose owners
 * answer as soon as they are asked and one that is not a number of the WABA named (it fails; the
 * others go on). Prints the batch's progress as it changes, the items as CSV, and closes the batch.
 */
import { randomInt } from 'node:crypto';

interface BatchProgress {
  state: string;
  byState: Record<string, number>;
  byOutcome: Record<string, number>;
  waitingOnHuman: number;
}

export interface DemoIo {
  api: string;
  sim: string;
  http: <T>(method: string, url: string, body?: unknown, auth?: boolean) => Promise<T>;
  text: (url: string, accept: string) => Promise<string>;
  curl: (method: string, url: string, body?: unknown) => void;
  out: (s?: string) => void;
  bold: (s: string) => string;
  dim: (s: string) => string;
}

export async function demoBatch(io: DemoIo, label: string, timings: Record<string, string>): Promise<void> {
  const { api, sim, http, curl, out, bold, dim } = io;
  const tag = randomInt(1e9, 1e10);
  const numbers = Array.from({ length: 5 }, () => `+4917${randomInt(100_000_000, 999_999_999)}`);
  const wabaId = `waba-demo-batch-${tag}`;
  await http('POST', `${sim}/_sim/wabas`, { wabaId, numbers, twoFaEnabled: false }, false);
  // The new BSP has taken the numbers already (simulated): each port-out waits only on its owner.
  for (const e164 of numbers)
    await http('POST', `${sim}/_sim/numbers/${encodeURIComponent(e164)}/left`, undefined, false);
  const stranger = `+4917${randomInt(100_000_000, 999_999_999)}`;
  const batchId = `demo-${tag}`;
  out(bold(`▸ ${label}: a batch of 6 port-outs for WABA ${wabaId} (one number is not on it)`));
  const body = {
    batchId,
    defaults: { 'port-out': { wabaId, timings } },
    items: [...numbers, stranger].map((phoneNumber) => ({ kind: 'port-out', phoneNumber })),
    concurrency: 3,
  };
  curl('POST', `${api}/v1/batches`, body);
  const started = await http<{ accepted: number }>('POST', `${api}/v1/batches`, body);
  out(`  → ${bold(`batch:${batchId}`)} started, ${started.accepted} items, at most 3 active at once`);

  const answered = new Set<string>();
  const deadline = Date.now() + 120_000;
  let last = '';
  for (;;) {
    const s = await http<BatchProgress>('GET', `${api}/v1/batches/${batchId}`);
    const line = `${s.state.padEnd(8)} ${Object.entries(s.byState)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(' · ')}${s.waitingOnHuman ? ` · ${s.waitingOnHuman} on a person` : ''}`;
    if (line !== last) out(`  ${dim(new Date().toISOString().slice(11, 23))}  ${line}`);
    last = line;
    if (s.state === 'drained') break;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} did not finish within 2 minutes`);
    const waiting = await http<{ items: { migrationId: string }[] }>(
      'GET',
      `${api}/v1/batches/${batchId}/items?waitingOnHuman=true`,
    );
    for (const item of waiting.items.filter((i) => !answered.has(i.migrationId))) {
      answered.add(item.migrationId);
      // The owner keeps the 360dialog subscription (a port-out never cancels it on its own).
      const url = `${api}/v1/migrations/${encodeURIComponent(item.migrationId)}/subscription/keep`;
      await http('POST', url, { declinedBy: 'owner@example.com' });
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  curl('GET', `${api}/v1/batches/${batchId}/items?format=csv`);
  const csv = await io.text(`${api}/v1/batches/${batchId}/items?format=csv`, 'text/csv');
  for (const row of csv.trim().split('\r\n')) out(dim(`  ${row}`));
  const close = { by: 'demo@example.com', reason: 'demo over' };
  curl('POST', `${api}/v1/batches/${batchId}/cancel`, close);
  await http('POST', `${api}/v1/batches/${batchId}/cancel`, close);
  out(`  ✔ every item accounted for; the batch is closed (a drained batch stays open 7 days for retries)\n`);
}
