/**
 * The events a migration POSTs to its requester's `callbackUrl` (workflows/kit/notifier.ts,
 * integrations/callbacks.ts), and the events a batch POSTs to the batch's `callbackUrl`
 * (workflows/batch/workflow.ts, workflows/kit/batch-member.ts), described for the OpenAPI
 * `webhooks` section. The workflows emit them; this module only documents them, and the callback
 * tests check real deliveries against it.
 */
import { z } from 'zod';

/** Every event type a workflow emits, with when it is sent and what `data` holds. */
export const CALLBACK_EVENTS = {
  'migration.action_required':
    "The requester (or its client) has to act: `data.action` says what, e.g. `submit_pin`, `complete_embedded_signup`, `settle_invoices`, `accept_message_on_behalf_request`, `disable_two_factor_authentication`, `correct_meta_business_id`, `start_migration_at_new_bsp`, `confirm_subscription_cancellation`, `confirm_numbers`, `complete_company_information`, `add_payment_method`, `ask_destination_partner_to_approve`, `select_numbers_for_permissions`. `data.respondBy`: the wait's deadline. When the number's owner acts (`submit_pin`, `disable_two_factor_authentication`, `confirm_numbers`, `confirm_subscription_cancellation`), `data.ownerAction` holds the owner's signed one-time page: `{ action, url, expiresAt }` (forward `url` to the owner; it is a credential, expires no later than `respondBy`).",
  'migration.reminder':
    'A human wait goes on: `data.step`, `data.waitingFor`. Sent every `remindEvery` while the wait lasts.',
  'migration.escalated':
    'A wait took too long and a support ticket was opened (`data.step`, `data.ticketId`); the migration keeps waiting.',
  'migration.two_factor_disable_requested':
    'Port-out of a shared WABA: 360dialog support was asked to disable 2FA (`data.ticketId`, `data.sla`).',
  'migration.numbers_changed':
    "Partner change: the WABA's numbers changed since the review (`data.added`, `data.removed`, `data.numbers`); confirm the new list.",
  'migration.templates_migrated':
    'Cloud-API port-in: the templates were copied before register (`data.migrated`, `data.failed: [{ id, reason }]`).',
  'migration.templates_settled':
    'Cloud-API port-in, 24 h after the template migration (also after the port-in ended): `data.checked`, `data.notUsable: [{ id, name, status }]` (REJECTED, PAUSED or DISABLED).',
  'migration.refund':
    'Port-out after the cancellation: the refund of unused funds, `data.status` `requested` (`amount`, `currency`, `ticketId`), `nothing-to-refund` or `failed` (`reason`).',
  'migration.completed':
    'The migration succeeded (`data.step`). For a port-in, fetch the API key with `GET /v1/migrations/{id}/api-key`.',
  'migration.add-as-new-number':
    'Port-in: 360dialog says the number needs no porting; add it as a new number (`data.reason`).',
  'migration.failed': 'The migration ended without success for a final reason (`data.reason`).',
  'migration.stalled': 'A hard deadline passed in a wait (`data.step`, `data.reason`).',
  'migration.cancelled': 'The migration was cancelled (`data.step`, `data.reason`).',
  'migration.routed-to-support':
    'Partner change: 360dialog support has to move the account (different payment processor; `data.reason`).',
  'batch.started':
    "To the batch's callbackUrl, once when the batch starts: `migrationId` is `batch:<batchId>`; `data.batchId`, `data.items` (how many it will start), `data.windowStart` (when a window was given).",
  'batch.item_ended':
    "To the batch's callbackUrl, each time one of its items ends: `migrationId` is the item's migration ID (e.g. `port-out:+4915123456789`); `data.batchId`, `data.outcome`, `data.step`, `data.reason`. A retried item that ends again sends another (with another `id`). The item's own `callbackUrl`, if it has one, gets its `migration.<outcome>` as usual.",
  'batch.completed':
    "To the batch's callbackUrl when every item has ended (again after a retry): `migrationId` is `batch:<batchId>`; `data.batchId` and the counts `data.byState`, `data.byStep`, `data.byOutcome`, `data.waitingOnHuman`, `data.escalated`. The batch stays open 7 days for a retry.",
} as const;

export type CallbackEventType = keyof typeof CALLBACK_EVENTS;
export const CALLBACK_EVENT_TYPES = Object.keys(CALLBACK_EVENTS) as CallbackEventType[];

/** The envelope of every callback event. Events never carry PINs, API keys or tokens. */
export const callbackEventSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .describe('unique per event and stable across redeliveries (`<migrationId>:<runId>:<n>`): deduplicate on it'),
    type: z.enum(CALLBACK_EVENT_TYPES as [CallbackEventType, ...CallbackEventType[]]),
    migrationId: z
      .string()
      .describe('e.g. port-in:+4915123456789; `batch:<batchId>` for batch.started and batch.completed'),
    occurredAt: z.iso.datetime({ offset: true }),
    data: z.record(z.string(), z.unknown()).describe('event details; see the event type'),
  })
  .meta({
    id: 'CallbackEvent',
    description: 'An event POSTed to the callbackUrl of a migration (or of a batch), HMAC-signed',
  });

/** Headers of every callback delivery, as OpenAPI header parameters. */
export const CALLBACK_HEADERS = [
  {
    name: 'X-Signature',
    description:
      '`sha256=` + hex HMAC-SHA256 with the shared CALLBACK_SIGNING_SECRET over `<X-Signature-Timestamp>.<raw body>`; verify it in constant time',
    schema: { type: 'string', pattern: '^sha256=[0-9a-f]{64}$' },
  },
  {
    name: 'X-Signature-Timestamp',
    description: 'Unix seconds of the signature; refuse deliveries more than a few minutes old (replays)',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
  },
  {
    name: 'X-Event-Id',
    description: 'the event `id` again, for deduplication before parsing the body',
    schema: { type: 'string' },
  },
] as const;
