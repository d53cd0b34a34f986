/**
 * The batch's safety net: items that closed without telling their batch (terminated by an operator,
 * timed out) are found in visibility by `BatchId` and close time, so a batch never waits for a
 * report that cannot come.
 */
import { Context } from '@temporalio/activity';
import type { Outcome } from '../contracts/migration';
import { MigrationOutcomeKey } from '../contracts/search-attributes';
import type { TemporalDeps } from './exclusion';

export interface ClosedItemsQuery {
  batchId: string;
  /** Items closed at or after this time (ISO): the last sweep, minus a margin for visibility lag. */
  since: string;
}

export interface ClosedItem {
  migrationId: string;
  outcome: Outcome;
  reason: string;
}

const GRPC_UNIMPLEMENTED = 12;

export function createBatchActivities(temporal?: TemporalDeps) {
  return {
    /** The batch's items (not the batch) closed since `since`, with their outcome or how they closed. */
    async findClosedBatchItems(input: ClosedItemsQuery): Promise<ClosedItem[]> {
      const client = temporal?.client ?? Context.current().client;
      const query =
        `BatchId = "${input.batchId}" AND WorkflowId != "batch:${input.batchId}" ` +
        `AND ExecutionStatus != "Running" AND CloseTime >= "${input.since}"`;
      const closed: ClosedItem[] = [];
      try {
        for await (const wf of client.workflow.list({ query, pageSize: 1000 })) {
          const outcome = wf.typedSearchAttributes.get(MigrationOutcomeKey) as Outcome | undefined;
          closed.push({
            migrationId: wf.workflowId,
            outcome: outcome ?? 'failed',
            reason: outcome
              ? 'ended (seen in visibility)'
              : `closed without an outcome (${wf.status.name.toLowerCase()})`,
          });
        }
      } catch (err) {
        const code = (err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined)?.code;
        if (code !== GRPC_UNIMPLEMENTED) throw err;
        // The time-skipping test server has no list API: nothing to sweep there.
        return [];
      }
      return closed;
    },
  };
}
