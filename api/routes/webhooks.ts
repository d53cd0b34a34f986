/**
 * POST /v1/webhooks/360dialog: partner webhooks, HMAC-signed. Channel status events become
 * `channelStatusChanged` signals on the port-in of that number (`channel_migrated_away`: the
 * `numberLeft` fact of its port-out). Webhooks repeat and arrive out of
 * order: repeats are acknowledged without a second signal, and the workflow treats "running" as
 * a one-way fact, so a late `channel_ready` after `channel_running` changes nothing.
 * Every verified delivery gets a 200 (even when there is nothing to do), so 360dialog stops retrying.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { MigrationsClient } from '../../client';
import { isMigrationClientError, portInMigrationId, portOutMigrationId } from '../../client';
import { phoneNumberSchema, dialog360WebhookSchema, type Dialog360Webhook } from '../../contracts/schemas';
import { HttpProblem } from '../problem';
import { bodyProblems, problemSchema, webhookHeadersSchema, webhookResultSchema } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';
import { EventDedupe } from '../webhooks/dedupe';
import { checkWebhookSignature } from '../webhooks/signature';

export interface WebhookRouteOptions {
  migrations: MigrationsClient;
  signingSecret: string;
  dedupe?: EventDedupe;
}

const CHANNEL_EVENT = /^channel_(created|submitted|ready|running|live|migrated_away)$/;

/** The delivery's identity: 360dialog's ID when given, else the (event, channel, time) triple. */
function eventIdOf(body: Dialog360Webhook, headerId: string | undefined): string {
  const given = headerId ?? body.id;
  if (given) return given;
  const key = [body.event, body.channel_id ?? '', body.phone_number ?? '', body.created_at ?? ''].join('|');
  return `derived-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

// Fact signals take short IDs (letters, digits, _ and -); longer delivery IDs are hashed.
const safeId = (id: string) =>
  /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : createHash('sha256').update(id).digest('hex').slice(0, 40);

export const webhookRoutes: FastifyPluginAsync<WebhookRouteOptions> = async (app, opts) => {
  const dedupe = opts.dedupe ?? new EventDedupe();
  app.withTypeProvider<ZodInputTypeProvider>().post(
    '/webhooks/360dialog',
    {
      // Before validation: an unsigned request learns nothing about our schema.
      preValidation: async (req) => checkWebhookSignature(req, opts.signingSecret),
      schema: {
        tags: ['webhooks'],
        summary: '360dialog partner webhook (HMAC-signed; see docs/api.md)',
        security: [],
        headers: webhookHeadersSchema,
        body: dialog360WebhookSchema,
        response: {
          200: webhookResultSchema,
          ...bodyProblems,
          401: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (req) => {
      const body = req.body;
      const header = req.headers['x-event-id'];
      const eventId = eventIdOf(body, typeof header === 'string' && header.length <= 200 ? header : undefined);
      if (dedupe.has(eventId)) return { status: 'duplicate' as const };

      const status = CHANNEL_EVENT.exec(body.event)?.[1];
      if (!status) {
        dedupe.remember(eventId);
        return { status: 'ignored' as const };
      }
      const raw = body.phone_number ?? '';
      const phone = phoneNumberSchema.safeParse(raw.startsWith('+') || raw.startsWith('00') ? raw : `+${raw}`);
      if (!phone.success) {
        throw new HttpProblem(422, 'validation-error', 'a channel event needs a valid phone_number', {
          errors: [{ field: 'phone_number', message: phone.error.issues[0]?.message ?? 'invalid' }],
        });
      }
      const occurredAt =
        body.created_at && !Number.isNaN(Date.parse(body.created_at))
          ? new Date(body.created_at).toISOString()
          : new Date().toISOString();
      // A number that moved away concerns its port-out; every other channel status its port-in.
      const [migrationId, event] =
        status === 'migrated_away'
          ? [portOutMigrationId(phone.data), { type: 'numberLeft' as const, eventId: safeId(eventId) }]
          : [portInMigrationId(phone.data), { type: 'channelStatusChanged' as const, eventId, status, occurredAt }];
      try {
        await opts.migrations.sendEvent(migrationId, event, 'webhook');
      } catch (err) {
        // No such port-in, or it has ended: nothing to do, and nothing 360dialog should retry.
        if (
          isMigrationClientError(err) &&
          (err.name === 'MigrationNotFoundError' || err.name === 'MigrationConflictError')
        ) {
          dedupe.remember(eventId);
          return {
            status: err.name === 'MigrationNotFoundError' ? ('no-migration' as const) : ('ignored' as const),
            migrationId,
          };
        }
        throw err;
      }
      dedupe.remember(eventId);
      return { status: 'delivered' as const, migrationId };
    },
  );
};
