/**
 * The Cloud-API port-in (../shared/docs/cloud-migration.md §2 and §9.6), the programmatic way: the
 * destination WABA is shared with us, we move the number with Meta's migration calls and the owner
 * types the one-time code. Reads as the step list; the On-Premise path is ../workflow.ts's `steps`.
 */
import type { CloudPortInOptions } from '../../../contracts/port-in-cloud';
import type { PortInContext } from '../context';
import { preflight } from '../preflight';
import type { Registration } from '../registration';
import { awaitSetupAndGenerateKey } from '../setup-and-key';
import { awaitNumberChannel } from './channel';
import { moveNumber } from './move-number';
import { prepareDestination } from './destination';
import { registerWithNewPin } from './register';
import { migrateTemplates } from './templates';

export async function cloudSteps(ctx: PortInContext, registration: Registration): Promise<void> {
  const cloud = cloudOptions(ctx);
  await preflight(ctx); // 1: exclusion, the destination's checklist (the number where we can see it)
  await prepareDestination(ctx, cloud); // 2: our app subscribed to the WABA, our credit line shared
  await moveNumber(ctx, cloud); // 3: migrate_phone_number, after the owner turned 2FA off
  await registration.run(); // 4: the one-time code by SMS or voice, typed by the owner
  await migrateTemplates(ctx, cloud); // 5: before register, so templates have no downtime
  await registerWithNewPin(ctx, registration); // 6: register with a new PIN, within Meta's budget
  await awaitNumberChannel(ctx); // 7: the channel 360dialog creates for the registered number
  await awaitSetupAndGenerateKey(ctx); // 8: channel running, the API key once
}

function cloudOptions(ctx: PortInContext): CloudPortInOptions {
  const cloud = ctx.input.cloud;
  if (!cloud) return ctx.finish('failed', 'a Cloud-API port-in needs its cloud options (sourceWabaId)');
  if (cloud.way !== 'programmatic')
    return ctx.finish('failed', `the Cloud-API way "${cloud.way}" is not available yet; use "programmatic"`);
  return cloud;
}
