/**
 * Response and path schemas of the number and WABA routes (api/routes/entities.ts): who holds an
 * entity, its past migrations, a number's register budget (client/describe-entity.ts).
 */
import { z } from 'zod';
import { identifier, phoneNumberSchema } from '../contracts/schemas';

const migrationKind = z.enum(['port-in', 'port-out', 'partner-change']);
const leaseMode = z.enum(['exclusive', 'shared']).describe('exclusive: nobody else; shared: no exclusive holder');

export const numberParamsSchema = z.object({
  e164: phoneNumberSchema.describe('phone number with + and country code (encode the +: %2B); either Brazilian form'),
});
export const wabaParamsSchema = z.object({ wabaId: identifier.describe('WhatsApp Business Account ID') });

export const heldLeaseSchema = z
  .object({ workflowId: z.string(), runId: z.string(), kind: migrationKind, mode: leaseMode, since: z.string() })
  .meta({ id: 'HeldLease' });

export const pastLeaseSchema = z
  .object({
    workflowId: z.string(),
    kind: migrationKind,
    mode: leaseMode,
    since: z.string(),
    until: z.string(),
    how: z.string().describe('how the holder ended: completed, cancelled, failed, run ended without releasing (...)'),
  })
  .meta({ id: 'PastLease' });

export const registerBudgetSchema = z
  .object({
    limit: z.number().int(),
    windowHours: z.number().int(),
    used: z.number().int().describe('register/deregister calls in the moving window'),
    remaining: z.number().int(),
    nextFreeAt: z.string().optional().describe('when none are left: when the next call becomes possible'),
  })
  .meta({ id: 'RegisterBudget', description: "Meta's budget: 10 register/deregister calls per number in 72 h" });

const unknownEntity = z.object({
  known: z.literal(false).describe('no migration ever took a lease on it: never migrated'),
  id: z.string(),
});
const knownEntity = {
  known: z.literal(true),
  id: z.string().describe('the entity workflow ID'),
  key: z.string().describe('canonical E.164 (Brazil: with the extra 9) or the WABA ID'),
  holders: z.array(heldLeaseSchema).describe('the migrations holding it now'),
  past: z.array(pastLeaseSchema).describe('ended holders, newest last (the last 50)'),
  grants: z.number().int(),
  generation: z.number().int().describe('runs of the entity workflow so far (continue-as-new)'),
};

const since = '2030-01-01T10:00:00.000Z';
export const numberEntitySchema = z
  .discriminatedUnion('known', [unknownEntity, z.object({ ...knownEntity, registerBudget: registerBudgetSchema })])
  .meta({
    id: 'NumberEntity',
    description: 'the source of truth for who may touch the number (mutual exclusion)',
    examples: [
      {
        known: true,
        id: 'number:+4915123456789',
        key: '+4915123456789',
        holders: [
          {
            workflowId: 'port-out:+4915123456789',
            runId: 'c0ffee00-0000-4000-8000-000000000001',
            kind: 'port-out',
            mode: 'exclusive',
            since,
          },
        ],
        past: [],
        registerBudget: { limit: 10, windowHours: 72, used: 0, remaining: 10 },
        grants: 1,
        generation: 1,
      },
      { known: false, id: 'number:+4915123456780' },
    ],
  });

export const wabaEntitySchema = z.discriminatedUnion('known', [unknownEntity, z.object(knownEntity)]).meta({
  id: 'WabaEntity',
  description: 'the source of truth for who may touch the WABA (a partner change excludes every migration of it)',
  examples: [
    {
      known: true,
      id: 'waba:123456789012345',
      key: '123456789012345',
      holders: [
        {
          workflowId: 'port-out:+4915123456789',
          runId: 'c0ffee00-0000-4000-8000-000000000001',
          kind: 'port-out',
          mode: 'shared',
          since,
        },
      ],
      past: [
        {
          workflowId: 'partner-change:123456789012345',
          kind: 'partner-change',
          mode: 'exclusive',
          since: '2029-12-01T09:00:00.000Z',
          until: '2029-12-03T15:20:00.000Z',
          how: 'completed',
        },
      ],
      grants: 2,
      generation: 1,
    },
  ],
});
