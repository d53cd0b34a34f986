/**
 * Sends events to the requester's callback URL without blocking the flow: each delivery is its own
 * retried activity; `flush()` awaits them before the workflow returns. Events never carry secrets.
 */
import { log, workflowInfo } from '@temporalio/workflow';
import { durationMs, type Duration } from '../../contracts/durations';
import { acts } from './activities';

/** `respondBy` of an "action required" event: when the wait that starts now reaches its deadline. */
export function respondBy(deadline: Duration): string {
  return new Date(Date.now() + durationMs(deadline)).toISOString();
}

export class Notifier {
  private readonly pending: Promise<void>[] = [];
  /** `migrationId`: the migration the events are about (default: this workflow, e.g. not a helper child). */
  constructor(
    private readonly url: string | undefined,
    private readonly migrationId?: string,
    /** Events sent by earlier runs of this workflow (continue-as-new): IDs go on from there. */
    private seq = 0,
  ) {}

  get sent(): number {
    return this.seq;
  }

  emit(type: string, data: Record<string, unknown> = {}): void {
    if (!this.url) return;
    const { workflowId } = workflowInfo();
    const event = {
      id: `${workflowId}:${workflowInfo().firstExecutionRunId}:${++this.seq}`,
      type,
      migrationId: this.migrationId ?? workflowId,
      occurredAt: new Date().toISOString(),
      data,
    };
    this.pending.push(
      acts.notifyRequester({ url: this.url, event }).catch((err: unknown) => {
        log.warn('callback delivery gave up', { type, error: String(err) });
      }),
    );
  }

  async flush(): Promise<void> {
    await Promise.all(this.pending);
  }
}
