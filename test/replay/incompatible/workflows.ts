/**
 * A deliberately incompatible port-in: it skips the preflight activity that recorded histories
 * start with. Replaying a real history with it must fail (see replay.test.ts).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import type { PortInInput } from '../../../contracts/port-in';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '30s' });

export async function portInWorkflow(input: PortInInput): Promise<unknown> {
  return acts.submitPortIn({
    phone: input.phone,
    wabaId: input.wabaId,
    metaBusinessId: input.metaBusinessId,
    idempotencyKey: 'x',
  });
}
