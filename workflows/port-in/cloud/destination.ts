/** Step 2: Meta's preconditions on the destination WABA, ours to meet (cloud-migration.md §2 #0). */
import { PortInStep } from '../../../contracts/port-in';
import type { CloudPortInOptions } from '../../../contracts/port-in-cloud';
import { acts } from '../../kit/activities';
import type { PortInContext } from '../context';

export async function prepareDestination(ctx: PortInContext, cloud: CloudPortInOptions): Promise<void> {
  ctx.tracker.enter(PortInStep.PREPARING_DESTINATION);
  await acts.prepareDestination({ wabaId: ctx.input.wabaId, creditLine: cloud.creditLine });
  ctx.tracker.note(
    cloud.creditLine
      ? `app subscribed to WABA ${ctx.input.wabaId}, credit line shared`
      : `app subscribed to WABA ${ctx.input.wabaId} (no credit line given: the WABA pays itself)`,
  );
}
