/**
 * Lists migrations from Temporal visibility with filters. The query is built from validated
 * values only, and every literal is escaped as well, so no filter can change the query's shape.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { listMigrationsSchema, type ListMigrationsRequest } from '../contracts/schemas';
import { migrationListQuery } from '../contracts/visibility';
import { parseInput, withQueryDeadline, type ClientDeps } from './context';
import { toSummary, type MigrationSummary } from './describe';
import { decodePageToken, encodePageToken, invalidPageToken } from './page-token';
import { translateError } from './translate-error';

export interface MigrationPage {
  items: MigrationSummary[];
  /** Pass as `pageToken` for the next page; absent on the last page. */
  nextPageToken?: string;
}

export async function listMigrations(deps: ClientDeps, request: ListMigrationsRequest = {}): Promise<MigrationPage> {
  const filter = parseInput(listMigrationsSchema, request);
  const query = migrationListQuery(filter);
  const pageToken = filter.pageToken ? decodePageToken(filter.pageToken) : undefined;
  try {
    const response = await withQueryDeadline(deps, () =>
      deps.client.workflowService.listWorkflowExecutions({
        namespace: deps.client.options.namespace,
        query,
        pageSize: filter.pageSize,
        nextPageToken: pageToken,
      }),
    );
    const next = response.nextPageToken?.length ? encodePageToken(response.nextPageToken) : undefined;
    return { items: response.executions.map(fromRaw), nextPageToken: next };
  } catch (err) {
    // A token Temporal cannot use any more (its index moved on) answers "token" or "something went wrong".
    if (pageToken && /token|something went wrong/i.test(String((err as Error).message))) throw invalidPageToken(err);
    return translateError(err, 'list');
  }
}

type RawExecution = temporal.api.workflow.v1.IWorkflowExecutionInfo;

function fromRaw(raw: RawExecution): MigrationSummary {
  const fields = raw.searchAttributes?.indexedFields ?? {};
  const attributes = Object.fromEntries(
    Object.entries(fields).map(([k, p]) => [k, defaultPayloadConverter.fromPayload(p)]),
  );
  return toSummary({
    workflowId: raw.execution?.workflowId ?? '',
    runId: raw.execution?.runId ?? '',
    type: raw.type?.name ?? '',
    status: temporal.api.enums.v1.WorkflowExecutionStatus[raw.status ?? 0] ?? 'UNKNOWN',
    startTime: toDate(raw.startTime) ?? new Date(0),
    executionTime: toDate(raw.executionTime),
    closeTime: toDate(raw.closeTime),
    attributes,
  });
}

function toDate(
  ts: { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined,
): Date | undefined {
  if (!ts?.seconds) return undefined;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}
