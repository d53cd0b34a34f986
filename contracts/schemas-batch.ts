/**
 * zod schema of a batch start (re-exported by contracts/schemas.ts). The envelope is checked here;
 * each item is checked by the client against its kind's own start schema (defaults merged in), so a
 * batch item accepts exactly what a single start accepts.
 */
import { z } from 'zod';
import { BATCH_DEFAULT_CALLS_PER_SECOND, BATCH_DEFAULT_CONCURRENCY, BATCH_MAX_ITEMS } from './batch';
import { httpUrl, identifier, person, reasonText } from './schema-parts';

const MAX_WINDOW_AHEAD_MS = 90 * 86_400_000;
const fieldsOfAStart = z.record(z.string(), z.unknown());

export const startBatchSchema = z.strictObject({
  batchId: identifier
    .optional()
    .describe('your key for the batch; a repeated start with the same key finds the batch already running'),
  defaults: z
    .strictObject({ 'port-in': fieldsOfAStart.optional(), 'port-out': fieldsOfAStart.optional() })
    .optional()
    .describe("fields every item of a kind shares (an item's own fields win), e.g. the client's WABA and callback"),
  items: z
    .array(z.looseObject({ kind: z.enum(['port-in', 'port-out'], { error: 'expected kind port-in or port-out' }) }), {
      error: 'expected a list of items',
    })
    .min(1, 'a batch needs at least one item')
    .max(BATCH_MAX_ITEMS, `a batch holds at most ${BATCH_MAX_ITEMS} items`)
    .describe('each item is a port-in or port-out start request plus its `kind`'),
  windowStart: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 date-time with offset, e.g. 2030-01-31T22:00:00Z' })
    .refine((v) => Date.parse(v) > Date.now(), 'the window must start in the future')
    .refine((v) => Date.parse(v) < Date.now() + MAX_WINDOW_AHEAD_MS, 'the window must start within 90 days')
    .optional()
    .describe('no item starts before this time'),
  concurrency: z
    .int()
    .min(1)
    .max(500)
    .default(BATCH_DEFAULT_CONCURRENCY)
    .describe('items in their active (outside-call) phase at once, and concurrent outside calls of the batch'),
  callsPerSecond: z
    .number()
    .min(0.1, 'at least 0.1 outside calls per second (one every 10 s)')
    .max(1000)
    .default(BATCH_DEFAULT_CALLS_PER_SECOND)
    .describe('outside calls per second of the whole batch (360dialog, Meta, support desk)'),
  skipInvalid: z
    .boolean()
    .default(false)
    .describe('start the valid items and report the invalid ones (default: nothing starts if one is invalid)'),
  callbackUrl: httpUrl.optional().describe('receives batch.started, batch.item_ended and batch.completed'),
});
export type StartBatchRequest = z.input<typeof startBatchSchema>;
export type StartBatchCommand = z.output<typeof startBatchSchema>;

export const batchCommandSchema = z.strictObject({ by: person.describe('who asks (user ID or e-mail)') });
export type BatchCommandRequest = z.input<typeof batchCommandSchema>;
export const cancelBatchSchema = z.strictObject({ by: person, reason: reasonText });
export type CancelBatchRequest = z.input<typeof cancelBatchSchema>;

export const batchIdSchema = identifier;

const boolFromQuery = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')], {
  error: 'expected true or false',
});

export const listBatchItemsSchema = z.strictObject({
  state: z.enum(['pending', 'working', 'waiting', 'ended', 'cancelled', 'not-started']).optional(),
  outcome: z.enum(['completed', 'add-as-new-number', 'failed', 'cancelled', 'stalled', 'routed-to-support']).optional(),
  step: z
    .string()
    .regex(/^[A-Z0-9_]{1,64}$/, 'expected a step name such as AWAITING_PIN')
    .optional(),
  escalated: boolFromQuery.optional(),
  waitingOnHuman: boolFromQuery.optional(),
  offset: z.coerce.number().int().min(0).max(BATCH_MAX_ITEMS).default(0),
  limit: z.coerce.number().int().min(1).max(BATCH_MAX_ITEMS).default(100),
});
export type ListBatchItemsRequest = z.input<typeof listBatchItemsSchema>;
