/**
 * Fixture of the Cloud-API migration tests: a simulator, the real adapters built by
 * `createOutsideWorld` with our Meta app's ID and secret and a debug logger whose lines are kept (so
 * tests can prove no PIN or code is logged), and helpers that script a cloud source and a
 * destination WABA and walk a number through the programmatic path.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { createOutsideWorld } from '../../integrations';
import type { OutsideWorld } from '../../integrations/ports';
import { SIM_META_APP } from '../../simulator/catalog-cloud';
import type { CloudSourceScript } from '../../simulator/control-client';
import { freshNumber, parts, startSimFixture, type SimFixture } from './sim-fixture';

export interface CloudFixture extends SimFixture {
  /** Adapters with the app credentials; their debug log lines go to `logLines`. */
  cloud: OutsideWorld;
  logLines: string[];
}

export async function startCloudFixture(): Promise<CloudFixture> {
  const f = await startSimFixture();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  const config = { ...f.config, META_APP_ID: SIM_META_APP.id, META_APP_SECRET: SIM_META_APP.secret };
  return { ...f, cloud: createOutsideWorld(config, pino({ level: 'debug' }, sink)), logLines };
}

let wabas = 0;
export const freshWaba = (prefix = 'dest') => `${prefix}-${process.pid}-${++wabas}`;

/** A number in another BSP's WABA (2FA off, name approved) and a destination WABA of the same business. */
export async function cloudCase(f: CloudFixture, script: CloudSourceScript = {}, dest: { setUp?: boolean } = {}) {
  const e164 = freshNumber('+4917');
  const sourceWabaId = freshWaba('src');
  const wabaId = freshWaba();
  const source = await f.ctl.setCloudSource(e164, { sourceWabaId, businessId: '777000111', ...script });
  await f.ctl.setCloudWaba(wabaId, { businessId: '777000111' });
  if (dest.setUp !== false) {
    await f.cloud.metaMigration.subscribeApp(wabaId);
    await f.cloud.metaMigration.shareCreditLine({ creditLineId: 'cl-360', wabaId, currency: 'USD' });
  }
  const migrate = () => f.cloud.metaMigration.migratePhoneNumber({ wabaId, phone: parts(e164) });
  return { e164, sourceWabaId, wabaId, source, migrate };
}

/** Requests a code, reads it from the phone's inbox and verifies it, as the owner would. */
export async function verifyWithInbox(f: CloudFixture, e164: string, phoneNumberId: string): Promise<string> {
  await f.cloud.meta.requestCode({ phoneNumberId, method: 'SMS', language: 'en_US', idempotencyKey: `rc-${e164}` });
  const code = (await f.ctl.inbox(e164)).at(-1)?.code ?? '';
  await f.cloud.meta.verifyCode({ phoneNumberId, code });
  return code;
}

/** A number moved into its destination and verified: ready to register. */
export async function verifiedMove(f: CloudFixture, script: CloudSourceScript = {}) {
  const c = await cloudCase(f, script);
  const { phoneNumberId } = await c.migrate();
  await verifyWithInbox(f, c.e164, phoneNumberId);
  return { ...c, phoneNumberId };
}
