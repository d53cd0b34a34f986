/**
 * The leases a migration holds on its number and WABA entities (workflows/entities/entity.ts):
 * taken in one fixed order (WABA first, then numbers in sorted order) before the first outside
 * effect, given back on a refusal, released by `runMigration` however the run ends.
 */
import { getExternalWorkflowHandle, log, workflowInfo } from '@temporalio/workflow';
import { entityId, type EntityKind, type HeldLease, type LeaseMode } from '../../contracts/entities';
import type { MigrationKind } from '../../contracts/migration';
import { releaseLeaseSignal } from '../../contracts/messages';
import { acts } from './activities';

export interface LeaseNeed {
  entity: EntityKind;
  /** The E.164 number or the WABA ID. */
  key: string;
  mode: LeaseMode;
}

export class Leases {
  private readonly held: LeaseNeed[] = [];

  constructor(private readonly kind: MigrationKind) {}

  /** Takes every lease, or none: undefined when all were granted, else the reason naming the holders. */
  async take(needs: LeaseNeed[]): Promise<string | undefined> {
    const { workflowId, runId } = workflowInfo();
    for (const need of inLockOrder(needs)) {
      const answer = await acts.acquireLease({
        entity: need.entity,
        key: need.key,
        request: { holder: { workflowId, runId, kind: this.kind }, mode: need.mode },
      });
      if (!answer.granted) {
        await this.releaseAll('refused: another migration holds a lease it needs');
        return refusal(need, answer.heldBy);
      }
      this.held.push(need);
    }
    return undefined;
  }

  get holding(): boolean {
    return this.held.length > 0;
  }

  /** Signals every entity held, all in one workflow task (no answer needed: a release is idempotent). */
  async releaseAll(how: string): Promise<void> {
    const { workflowId } = workflowInfo();
    await Promise.all(
      this.held.splice(0).map((need) => {
        const id = entityId(need.entity, need.key);
        return getExternalWorkflowHandle(id)
          .signal(releaseLeaseSignal, { workflowId, how })
          .catch((err: unknown) => log.warn('lease release not delivered', { entity: id, error: String(err) }));
      }),
    );
  }
}

/** A port-in's or port-out's leases: a shared hold on its WABA, its number alone. */
export function numberAndWabaLeases(wabaId: string, e164: string): LeaseNeed[] {
  return [
    { entity: 'waba', key: wabaId, mode: 'shared' },
    { entity: 'number', key: e164, mode: 'exclusive' },
  ];
}

/** WABA before numbers, numbers sorted: every migration asks in the same order. */
function inLockOrder(needs: LeaseNeed[]): LeaseNeed[] {
  const rank = (n: LeaseNeed) => `${n.entity === 'waba' ? 0 : 1}:${entityId(n.entity, n.key)}`;
  return [...needs].sort((a, b) => rank(a).localeCompare(rank(b)));
}

function refusal(need: LeaseNeed, heldBy: HeldLease[]): string {
  const holders = heldBy.map((h) => `${h.workflowId} (${h.kind})`).join(', ');
  return need.entity === 'waba'
    ? `WABA has migrations in progress: ${holders}`
    : `number ${need.key} has a migration in progress: ${holders}`;
}
