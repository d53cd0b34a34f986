/**
 * The 24 h template watch (../shared/docs/cloud-migration.md §3 #7, §8): copied templates restart at
 * quality UNKNOWN and Meta may re-categorise or reject them. A child of the port-in, abandoned when
 * the port-in ends (the number is usable as soon as it is registered and keyed): it waits 24 h, reads
 * the destination's templates once and sends one "templates settled" event naming the ones that
 * ended REJECTED, PAUSED or DISABLED. One timer and one read: a handful of events.
 */
import { ParentClosePolicy, sleep, startChild, workflowInfo, WorkflowIdReusePolicy } from '@temporalio/workflow';
import type { TemplateWatchInput, TemplateWatchResult } from '../../../contracts/port-in-cloud';
import { acts } from '../../kit/activities';
import { Notifier } from '../../kit/notifier';
import type { PortInContext } from '../context';

const WATCH_FOR = '24 hours';

export async function templateWatchWorkflow(input: TemplateWatchInput): Promise<TemplateWatchResult> {
  await sleep(input.watchFor ?? WATCH_FOR);
  const result = await acts.listUnusableTemplates({ wabaId: input.wabaId });
  const notifier = new Notifier(input.callbackUrl, input.migrationId);
  notifier.emit('migration.templates_settled', { checked: result.checked, notUsable: result.notUsable });
  await notifier.flush();
  return result;
}

/** Since 1.2.0 (docs/versioning.md): runs that migrated templates before start no watch. */
export const TEMPLATE_WATCH_PATCH = 'cloud-template-watch';

/** Starts the watch beside the port-in; a watch that cannot start is noted, never a failure. */
export async function startTemplateWatch(ctx: PortInContext): Promise<void> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  try {
    await startChild(templateWatchWorkflow, {
      workflowId: `${workflowId}:templates:${firstExecutionRunId}`,
      args: [{ migrationId: workflowId, wabaId: ctx.input.wabaId, callbackUrl: ctx.input.callbackUrl }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    ctx.tracker.note('templates watched for 24 h (event migration.templates_settled)');
  } catch (err) {
    ctx.tracker.note(`the 24 h template watch did not start: ${err instanceof Error ? err.message : String(err)}`);
  }
}
