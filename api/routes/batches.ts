/**
 * Batches: many port-ins and port-outs for one client, started and paced by one batch workflow
 * (client/start-batch.ts, client/batches.ts). POST /v1/batches starts one; under
 * /v1/batches/{batchId}: progress, the items page by page (JSON or CSV), and the ops commands
 * pause, resume, cancel and retry.
 */
import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MigrationsClient } from '../../client';
import {
  batchCommandSchema,
  cancelBatchSchema,
  listBatchItemsSchema,
  startBatchSchema,
  type ListBatchItemsRequest,
} from '../../contracts/schemas';
import { errorHandler } from '../error-handler';
import { HttpProblem } from '../problem';
import { bodyProblems, commonProblems, CSV_ALTERNATIVE, problemSchema, rejected, ROUTE_BODY_LIMIT } from '../schemas';
import {
  BATCH_CSV_COLUMNS,
  batchCancelReportSchema,
  batchItemsPageSchema,
  batchParamsSchema,
  batchRetryReportSchema,
  batchStatusSchema,
  startBatchResultSchema,
} from '../schemas-batches';
import { isRequestValidationError, type ZodInputTypeProvider } from '../validation';
import { prefersCsv, toCsv } from '../batch-csv';

/** 5,000 start requests are 1-2 MB of JSON: this route alone takes bodies up to 4 MiB. */
export const BATCH_BODY_LIMIT = 4 * 1024 * 1024;

export const batchPath = (batchId: string) => `/v1/batches/${encodeURIComponent(batchId)}`;

const START =
  'Every item is checked as its own start would be (the `defaults` of its kind merged in) before anything ' +
  'starts: one invalid item and nothing starts (422, `errors[]` names each field as `items[3].phoneNumber`), ' +
  'unless `skipInvalid` (then the answer lists the `skipped` items by index). Items become normal migrations ' +
  'with their usual IDs (`port-out:+49…`) and the search attribute `BatchId`. Idempotent by `batchId`: while ' +
  'the batch is open the same call answers 200 with `created: false`; the ID of a batch that has closed is a 409. ' +
  'Bodies up to 4 MiB (5,000 items).';

const COMMAND_REFUSED =
  '409 with `code` when the batch cannot take the command now: `NotPaused` (resume), `BatchDrained` ' +
  '(pause: every item has ended), `NothingToRetry` (retry); a batch that has closed takes no command (409).';

const itemsQuerySchema = listBatchItemsSchema.extend({
  format: z
    .enum(['json', 'csv'])
    .optional()
    .describe('`csv`: the same page as text/csv (also with `Accept: text/csv`)'),
});

export const batchRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  // The client names a batch by its workflow ID (`batch:<id>`, "migration … not found"): say "batch".
  app.setErrorHandler((err: FastifyError, req, reply) => errorHandler(forBatch(err, req), req, reply));
  const byId = { 404: problemSchema, ...commonProblems };

  r.post(
    '/batches',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['batch'],
        operationId: 'startBatch',
        summary: 'Start a batch of up to 5,000 port-ins and port-outs, paced as one',
        description: START,
        body: startBatchSchema,
        [ROUTE_BODY_LIMIT]: BATCH_BODY_LIMIT,
        response: {
          200: startBatchResultSchema,
          201: startBatchResultSchema,
          ...bodyProblems,
          409: problemSchema,
          ...commonProblems,
        },
      },
    },
    async (req, reply) => {
      const result = await migrations.startBatch(req.body);
      return reply
        .code(result.created ? 201 : 200)
        .header('location', batchPath(result.batchId))
        .send(result);
    },
  );

  r.get(
    '/batches/:batchId',
    {
      schema: {
        tags: ['batch'],
        operationId: 'getBatch',
        summary: 'Progress of a batch: counts by state, step and outcome, waits on people, estimate, commands',
        params: batchParamsSchema,
        response: { 200: batchStatusSchema, ...byId },
      },
    },
    async (req) => migrations.getBatch(req.params.batchId),
  );

  r.get(
    '/batches/:batchId/items',
    {
      schema: {
        tags: ['batch'],
        operationId: 'listBatchItems',
        summary: "A page of a batch's items, filtered by state, outcome, step, escalated, waitingOnHuman",
        description:
          'JSON by default; as CSV with `format=csv` or when `Accept` prefers `text/csv` (columns ' +
          `${BATCH_CSV_COLUMNS.join(', ')}; a header row; cells starting with = + - or @ get a leading ' so a ` +
          'spreadsheet does not run them). `limit` up to 5,000: a whole batch in one page. `next` is the offset ' +
          'of the next page.',
        params: batchParamsSchema,
        querystring: itemsQuerySchema,
        [CSV_ALTERNATIVE]: true,
        response: { 200: batchItemsPageSchema, 422: problemSchema, ...byId },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const page = await migrations.listBatchItems(req.params.batchId, query as ListBatchItemsRequest);
      const offset = Number(query.offset ?? 0);
      const end = offset + page.items.length;
      const body = { ...page, ...(end < page.total ? { next: end } : {}) };
      if (format === 'csv' || (format === undefined && prefersCsv(req.headers.accept))) {
        // The response schemas describe the JSON form; the CSV form is documented beside it (openapi.ts).
        return reply.type('text/csv; charset=utf-8').send(toCsv(body.items) as never);
      }
      return body;
    },
  );

  const command = (
    path: string,
    operationId: string,
    summary: string,
    description: string,
    body: typeof batchCommandSchema | typeof cancelBatchSchema,
    ok: z.ZodType,
    run: (batchId: string, b: never) => Promise<unknown>,
  ) =>
    r.post(
      `/batches/:batchId/${path}`,
      {
        schema: {
          tags: ['batch'],
          operationId,
          summary,
          description: `${description} ${COMMAND_REFUSED}`,
          params: batchParamsSchema,
          body,
          response: { 200: ok, ...rejected },
        },
      },
      async (req) => run(req.params.batchId, req.body as never),
    );

  command(
    'pause',
    'pauseBatch',
    'Pause a batch: no new item starts until resumed',
    'Started items go on. Pausing a paused batch is harmless (200). Answers the progress.',
    batchCommandSchema,
    batchStatusSchema,
    (id, b) => migrations.pauseBatch(id, b),
  );
  command(
    'resume',
    'resumeBatch',
    'Resume a paused batch',
    'Answers the progress.',
    batchCommandSchema,
    batchStatusSchema,
    (id, b) => migrations.resumeBatch(id, b),
  );
  command(
    'cancel',
    'cancelBatch',
    'Cancel a batch',
    'Items not started never start; started ones before their point of no return are cancelled (each ends ' +
      '`cancelled`); those past it (the number already moving) are left to finish. Answers which is which. ' +
      'Cancelling a drained batch closes it.',
    cancelBatchSchema,
    batchCancelReportSchema,
    (id, b) => migrations.cancelBatch(id, b),
  );
  command(
    'retry',
    'retryBatch',
    'Start again the items that failed, stalled, were cancelled or could not start',
    'Possible until the batch closes, 7 days after its last item ended.',
    batchCommandSchema,
    batchRetryReportSchema,
    (id, b) => migrations.retryBatch(id, b),
  );
};

/** The client's words for a workflow (`migration batch:x not found`) in the API's words for a batch. */
function forBatch(err: unknown, req: FastifyRequest): unknown {
  const batchId = (req.params as { batchId?: string } | undefined)?.batchId;
  const name = (err as Error | undefined)?.name;
  // A path that cannot name a batch points at nothing.
  if (isRequestValidationError(err) && err.part === 'params')
    return new HttpProblem(404, 'not-found', 'no batch has this ID');
  if (batchId === undefined) {
    // The start: the only conflict is a batchId already used by a batch that has closed.
    if (name === 'MigrationConflictError')
      return new HttpProblem(409, 'conflict', (err as Error).message.replace(/^migration batch:/, 'batch '));
    return err;
  }
  if (name === 'MigrationNotFoundError') return new HttpProblem(404, 'not-found', `batch ${batchId} not found`);
  if (name === 'MigrationConflictError')
    return new HttpProblem(
      409,
      'conflict',
      `batch ${batchId} has closed (its items ended and it took a cancel, or its retry window passed): it takes no more commands`,
    );
  return err;
}
