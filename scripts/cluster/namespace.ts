/**
 * The cluster's namespace and our search attributes, registered through the frontend once it
 * serves, and retried while the services are still coming up.
 */
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { status as grpcStatus } from '@grpc/grpc-js';
import { indexedSearchAttributes } from '../../temporal/search-attribute-types';
import { ALL_SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { setTimeout as sleep } from 'node:timers/promises';

/** Retention of closed workflows: beyond API_KEY_PICKUP_WINDOW (7 d), read by queries on closed runs. */
export const NAMESPACE_RETENTION_DAYS = 30;

/**
 * The namespace and contracts/search-attributes.ts, registered if missing (a rerun adds nothing).
 * With SQL visibility a search attribute is a namespace alias of a preallocated column
 * (Keyword01, Bool01, ...); each service sees it at its next namespace refresh (2 s).
 */
export async function ensureNamespace(address: string, namespace: string, say: (msg: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { workflowService, operatorService } = connection;
    await retrying(`describing namespace ${namespace}`, [], async () => {
      try {
        await workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        if (!isGrpcServiceError(err) || err.code !== grpcStatus.NOT_FOUND) throw err;
      }
      await workflowService.registerNamespace({
        namespace,
        description: 'WhatsApp number migrations (npm run cluster)',
        workflowExecutionRetentionPeriod: msToTs(`${NAMESPACE_RETENTION_DAYS} days`),
      });
      say(`registered namespace ${namespace} (retention ${NAMESPACE_RETENTION_DAYS} days)`);
    });

    // A namespace just registered reaches the frontend's registry at its next refresh: NOT_FOUND until then.
    const wanted: Record<string, number> = indexedSearchAttributes();
    const { customAttributes } = await retrying('listing search attributes', [grpcStatus.NOT_FOUND], () =>
      operatorService.listSearchAttributes({ namespace }),
    );
    const clash = Object.entries(wanted).filter(
      ([n, t]) => customAttributes[n] !== undefined && customAttributes[n] !== t,
    );
    if (clash.length) {
      throw new Error(
        `search attributes of another type already in namespace ${namespace}: ${clash.map(([n]) => n).join(', ')}`,
      );
    }
    const missing = Object.fromEntries(Object.entries(wanted).filter(([n]) => customAttributes[n] === undefined));
    if (Object.keys(missing).length) {
      await retrying('adding search attributes', [grpcStatus.NOT_FOUND], () =>
        operatorService.addSearchAttributes({ namespace, searchAttributes: missing }),
      );
      say(`added search attributes ${Object.keys(missing).join(', ')}`);
    }
    // Ready once a list query on all of them is accepted: the frontend knows the new aliases.
    const probe = ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name} IS NULL`).join(' AND ');
    await retrying('a visibility query on the search attributes', [grpcStatus.INVALID_ARGUMENT], () =>
      workflowService.countWorkflowExecutions({ namespace, query: probe }),
    );
  } finally {
    await connection.close();
  }
}

/** Retries `fn` for up to 60 s while it fails with UNAVAILABLE or one of the codes given. */
async function retrying<T>(what: string, codes: grpcStatus[], fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const transient =
        isGrpcServiceError(err) && [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, ...codes].includes(err.code);
      if (!transient || Date.now() > deadline) {
        throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(500);
    }
  }
}
