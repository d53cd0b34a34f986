/**
 * Step 5: the source WABA's templates are recreated in the destination before register (Meta: no
 * template downtime). Failed ones are retried once by ID inside the activity; what still failed is
 * reported with Meta's reasons, in the result and a callback event; a child watches them for 24 h.
 */
import { patched } from '@temporalio/workflow';
import { PortInStep } from '../../../contracts/port-in';
import { plural } from '../../../contracts/plural';
import { paged } from '../../kit/activities';
import type { PortInContext } from '../context';
import { startTemplateWatch, TEMPLATE_WATCH_PATCH } from './template-watch';

export async function migrateTemplates(ctx: PortInContext, sourceWabaId: string): Promise<void> {
  ctx.tracker.enter(PortInStep.MIGRATING_TEMPLATES);
  const report = await paged.migrateTemplates({ wabaId: ctx.input.wabaId, sourceWabaId });
  ctx.templates = report;
  ctx.tracker.note(
    `${plural(report.migrated, 'template')} migrated` +
      (report.failed.length ? `, ${report.failed.length} could not move` : ''),
  );
  ctx.notifier.emit('migration.templates_migrated', { migrated: report.migrated, failed: report.failed });
  if (patched(TEMPLATE_WATCH_PATCH)) await startTemplateWatch(ctx);
}
