/**
 * Migrations the ops recipe tests act on, started through the typed client (the same path as the
 * API) and brought to the step a recipe needs: port-ins, port-outs, a partner change at approval.
 */
import type { MigrationsClient } from '../../client';
import type { MigrationStatus } from '../../contracts/migration';
import type { PortInTimings } from '../../contracts/port-in';
import type { PortOutTimings } from '../../contracts/port-out';
import type { ScenarioPatch } from '../../simulator/scenarios';
import { simulatorControl, type TestStack } from '../harness/env';
import { freshNumber, waitForStatus } from '../harness/port-in-fixtures';
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';

export const sim = simulatorControl();

export interface Started {
  id: string;
  phoneNumber: string;
  wabaId: string;
}

/** Waits until the migration's status query satisfies `until`. */
export function statusOf(stack: TestStack, id: string, until: (s: MigrationStatus) => boolean, timeoutMs = 60_000) {
  // Generous: the machine is shared, and a step a test waits for is never the thing tested.
  return waitForStatus(stack.client.workflow.getHandle(id), until, timeoutMs);
}

/** A port-in on a fresh number, scripted on the simulator first. */
export async function startPortIn(
  migrations: MigrationsClient,
  opts: { scenario?: ScenarioPatch; timings?: Partial<PortInTimings> } = {},
): Promise<Started> {
  const phoneNumber = freshNumber();
  const wabaId = `waba-${phoneNumber.slice(1)}`;
  if (opts.scenario) await sim.setScenario(phoneNumber, opts.scenario);
  const { migrationId } = await migrations.startPortIn({
    path: 'on-premise' as const,
    phoneNumber,
    wabaId,
    metaBusinessId: '1234567890',
    businessWebsite: sim.siteUrl('shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    timings: { pollEvery: '200ms', resendCooldown: '1s', ...opts.timings },
  });
  return { id: migrationId, phoneNumber, wabaId };
}

/** The last code the simulated phone received (what the business reads off its phone). */
export async function latestPin(e164: string): Promise<string> {
  const last = (await sim.inbox(e164)).at(-1);
  if (!last) throw new Error(`no code delivered to ${e164}`);
  return last.code;
}

/**
 * A port-out of a fresh one-number WABA (2FA on unless `numberLeft`). Polling is slow by default,
 * so that only what a test does (an operator's fact) moves it on.
 */
export async function startPortOut(
  migrations: MigrationsClient,
  opts: { numberLeft?: boolean; timings?: Partial<PortOutTimings> } = {},
): Promise<Started & { clientId: string }> {
  const waba = await seedWaba(sim, { count: 1, twoFaEnabled: !opts.numberLeft });
  const phoneNumber = waba.channels[0]?.e164 ?? '';
  if (opts.numberLeft) await sim.markNumberLeft(phoneNumber);
  const { migrationId } = await migrations.startPortOut({
    phoneNumber,
    wabaId: waba.wabaId,
    timings: { pollEvery: '10m', remindEvery: '1h', ...opts.timings },
  });
  return { id: migrationId, phoneNumber, wabaId: waba.wabaId, clientId: waba.clientId };
}

/** A partner change waiting for a destination partner that approves by hand. */
export async function partnerChangeAtApproval(stack: TestStack, migrations: MigrationsClient): Promise<Started> {
  const waba = await seedWaba(sim, { count: 1 });
  const destinationPartnerId = freshPartnerId();
  await sim.setPartner(destinationPartnerId, { autoApprove: false });
  const { migrationId } = await migrations.startPartnerChange({
    wabaId: waba.wabaId,
    destinationPartnerId,
    timings: { pollEvery: '200ms', remindEvery: '1h' },
  });
  await statusOf(stack, migrationId, (s) => s.step === 'AWAITING_NUMBER_CONFIRMATION');
  await migrations.confirmNumbers(migrationId, { channelIds: [waba.channels[0]?.id ?? ''] });
  await statusOf(stack, migrationId, (s) => s.step === 'AWAITING_PARTNER_APPROVAL');
  return { id: migrationId, phoneNumber: waba.channels[0]?.e164 ?? '', wabaId: waba.wabaId };
}
