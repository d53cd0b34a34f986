/**
 * Who holds an entity: pure state, no Temporal calls, so the entity workflow stays a thin shell and
 * the rules are unit-tested. One lease per workflow ID: asking again (a retried activity, a new run
 * of the same migration) is granted again without a second entry.
 */
import {
  PAST_LEASES_KEPT,
  type HeldLease,
  type LeaseAnswer,
  type LeaseRequest,
  type PastLease,
} from '../../contracts/entities';

export class LeaseBook {
  private readonly holders: Map<string, HeldLease>;
  private readonly past: PastLease[];
  private grantCount: number;

  constructor(carried: { holders: HeldLease[]; past: PastLease[]; grants: number }) {
    this.holders = new Map(carried.holders.map((h) => [h.workflowId, h]));
    this.past = [...carried.past];
    this.grantCount = carried.grants;
  }

  /** Granted, or refused naming every holder in the way. Never waits: no deadlock is possible. */
  acquire({ holder, mode }: LeaseRequest, now: Date): LeaseAnswer {
    const mine = this.holders.get(holder.workflowId);
    const inTheWay = [...this.holders.values()].filter(
      (h) => h.workflowId !== holder.workflowId && (mode === 'exclusive' || h.mode === 'exclusive'),
    );
    if (inTheWay.length) return { granted: false, heldBy: inTheWay };
    // A new run of the same migration (or a repeat) takes the lease over; the mode may only widen.
    const widened = mine?.mode === 'exclusive' ? 'exclusive' : mode;
    this.holders.set(holder.workflowId, { ...holder, mode: widened, since: mine?.since ?? now.toISOString() });
    if (!mine) this.grantCount++;
    return { granted: true };
  }

  /** Releases the workflow's lease; false when it held none (a repeated release). */
  release(workflowId: string, how: string, now: Date, runId?: string): boolean {
    const held = this.holders.get(workflowId);
    if (!held || (runId && held.runId !== runId)) return false;
    this.holders.delete(workflowId);
    const { kind, mode, since } = held;
    this.past.push({ workflowId, kind, mode, since, until: now.toISOString(), how });
    if (this.past.length > PAST_LEASES_KEPT) this.past.splice(0, this.past.length - PAST_LEASES_KEPT);
    return true;
  }

  holds(workflowId: string): boolean {
    return this.holders.has(workflowId);
  }

  get current(): HeldLease[] {
    return [...this.holders.values()];
  }

  snapshot(): { holders: HeldLease[]; past: PastLease[]; grants: number } {
    return { holders: this.current, past: [...this.past], grants: this.grantCount };
  }
}
