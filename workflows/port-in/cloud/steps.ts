/**
 * The Cloud-API port-in (../shared/docs/cloud-migration.md §2, §3 and §9.6), two ways in. Each reads
 * as its step list; the On-Premise path is ../workflow.ts's `steps`.
 * - programmatic: the destination WABA is shared with us; we move the number with Meta's migration
 *   calls and the owner types the one-time code.
 * - embedded-signup: the owner moves the number in Meta's popup (code typed there); we do the BSP's
 *   part. On Meta's new account model the popup onboards the number as it is: no move, no code.
 */
import type { CloudPortInOptions } from '../../../contracts/port-in-cloud';
import type { PortInContext } from '../context';
import { preflight } from '../preflight';
import type { Registration } from '../registration';
import { awaitSetupAndGenerateKey } from '../setup-and-key';
import { awaitNumberChannel } from './channel';
import type { EmbeddedSignup } from './embedded-signup';
import { moveNumber } from './move-number';
import { prepareDestination } from './destination';
import { registerWithNewPin } from './register';
import { migrateTemplates } from './templates';

export async function cloudSteps(
  ctx: PortInContext,
  registration: Registration,
  signup: EmbeddedSignup,
): Promise<void> {
  const cloud = ctx.input.cloud ?? ctx.finish('failed', 'a Cloud-API port-in needs its cloud options');
  if (cloud.way === 'embedded-signup') return embeddedSignupSteps(ctx, registration, signup, cloud);
  const sourceWabaId = cloud.sourceWabaId ?? ctx.finish('failed', 'the programmatic way needs cloud.sourceWabaId');
  await preflight(ctx); // 1: exclusion, the destination's checklist (the number where we can see it)
  await prepareDestination(ctx, cloud); // 2: our app subscribed to the WABA, our credit line shared
  await moveNumber(ctx, cloud); // 3: migrate_phone_number, after the owner turned 2FA off
  await registration.run(); // 4: the one-time code by SMS or voice, typed by the owner
  await migrateTemplates(ctx, sourceWabaId); // 5: before register, so templates have no downtime
  await registerWithNewPin(ctx, registration); // 6: register with a new PIN, within Meta's budget
  await awaitNumberChannel(ctx); // 7: the channel 360dialog creates for the registered number
  await awaitSetupAndGenerateKey(ctx); // 8: channel running, the API key once
}

async function embeddedSignupSteps(
  ctx: PortInContext,
  registration: Registration,
  signup: EmbeddedSignup,
  cloud: CloudPortInOptions,
): Promise<void> {
  await preflight(ctx); // 1: exclusion, the destination's checklist
  await signup.await(); // 2: 2FA off, the popup, Meta's code typed there; the code exchanged once
  await prepareDestination(ctx, cloud); // 3: our app subscribed to the WABA, our credit line shared
  if (cloud.sourceWabaId) await migrateTemplates(ctx, cloud.sourceWabaId); // 4: the ones Meta did not copy
  await registerWithNewPin(ctx, registration); // 5: a new PIN (skipped when already registered)
  await awaitNumberChannel(ctx); // 6: the channel 360dialog creates for the registered number
  await awaitSetupAndGenerateKey(ctx); // 7: channel running, the API key once
}
