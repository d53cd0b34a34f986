/**
 * A migration's metrics, through the SDK's workflow meter: replay-safe (nothing is recorded while a
 * worker replays history, so a cache eviction or a restart never counts twice) and exported with the
 * worker's own on its `/metrics`. The meter adds namespace, task_queue and workflow_type; our labels
 * are bounded: kind, path, step, outcome.
 */
import { metricMeter } from '@temporalio/workflow';
import type { MigrationKind, Outcome } from '../../contracts/migration';

const OUTCOMES: Outcome[] = ['completed', 'failed', 'stalled', 'cancelled'];

/** Step names are enums of each flow; the path is the port-in's ('-' for the other flows). */
export interface MigrationLabels {
  kind: MigrationKind;
  path: string;
}

const describe = {
  started: 'migrations started, by kind and path',
  ended: 'migrations ended, by kind, path and outcome',
  step: 'time a migration spent in a step, recorded when it leaves the step',
  waits: 'waits for a human or the outside world that began, by step',
  escalated: 'waits that escalated to a support ticket, by step',
  deadline: 'waits that reached their deadline, by step',
  tickets: 'support tickets opened, by step and reason (escalation or request)',
};

export class MigrationMetrics {
  constructor(private readonly labels: MigrationLabels) {}

  /**
   * Counts the start, and creates the series this run may move later at 0: Prometheus's
   * `increase()` cannot see the first step of a series that appears at 1, and an alert on the
   * first stall ever would never fire.
   */
  started(): void {
    this.count('wa_migrations_started', describe.started, {});
    for (const outcome of OUTCOMES) this.count('wa_migrations_ended', describe.ended, { outcome }, 0);
  }

  ended(outcome: Outcome): void {
    this.count('wa_migrations_ended', describe.ended, { outcome });
  }

  stepTime(step: string, seconds: number): void {
    metricMeter
      .createHistogram('wa_migration_step_duration_seconds', 'float', undefined, describe.step)
      .withTags({ ...this.labels, step })
      .record(Math.max(0, seconds));
  }

  /** Counts the wait, and creates its escalation, deadline and ticket series at 0 (see `started`). */
  waitBegan(step: string): void {
    this.count('wa_waits', describe.waits, { step });
    this.count('wa_waits_escalated', describe.escalated, { step }, 0);
    this.count('wa_waits_deadline_reached', describe.deadline, { step }, 0);
    this.count('wa_tickets_opened', describe.tickets, { step, reason: 'escalation' }, 0);
  }

  escalated(step: string): void {
    this.count('wa_waits_escalated', describe.escalated, { step });
  }

  deadlineReached(step: string): void {
    this.count('wa_waits_deadline_reached', describe.deadline, { step });
  }

  ticketOpened(step: string, reason: 'escalation' | 'request'): void {
    this.count('wa_tickets_opened', describe.tickets, { step, reason });
  }

  private count(name: string, description: string, extra: Record<string, string>, by = 1): void {
    metricMeter
      .createCounter(name, undefined, description)
      .withTags({ ...this.labels, ...extra })
      .add(by);
  }
}
