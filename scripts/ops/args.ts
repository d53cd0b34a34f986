/**
 * The command line of `npm run ops`, parsed and validated with zod before anything is sent.
 * Error messages never repeat a value (someone may paste a PIN where an argument belongs).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  cancelSchema,
  codeMethodSchema,
  declineCancellationSchema,
  identifier,
  listMigrationsSchema,
  migrationIdSchema,
  person,
  phoneNumberSchema,
} from '../../contracts/schemas';

/** The facts an operator may report (the ones that carry nothing but their name). */
export const OPERATOR_FACTS = [
  'mobAccepted',
  'twoFactorDisabled',
  'numberLeft',
  'companyInfoCompleted',
  'paymentMethodAdded',
] as const;

const migrationId = migrationIdSchema.describe('<migrationId>');
const list = listMigrationsSchema.shape;

export const commandSchema = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('help') }),
  z.strictObject({ name: z.literal('status'), migrationId }),
  z.strictObject({ name: z.literal('number'), e164: phoneNumberSchema }),
  z.strictObject({ name: z.literal('waba'), wabaId: identifier }),
  z.strictObject({
    name: z.literal('list'),
    kind: list.kind,
    step: list.step,
    escalated: z.boolean().optional(),
    running: z.boolean().optional(),
    phone: list.phone,
    waba: list.waba,
    limit: list.pageSize,
  }),
  z.strictObject({ name: z.literal('submit-pin'), migrationId }),
  z.strictObject({ name: z.literal('resend-code'), migrationId, method: codeMethodSchema.optional() }),
  z.strictObject({ name: z.literal('confirm-cancellation'), migrationId, by: person }),
  z.strictObject({
    name: z.literal('decline-cancellation'),
    migrationId,
    by: person,
    reason: declineCancellationSchema.shape.reason,
  }),
  z.strictObject({ name: z.literal('event'), migrationId, type: z.enum(OPERATOR_FACTS) }),
  z.strictObject({ name: z.literal('cancel'), migrationId, reason: cancelSchema.shape.reason }),
]);
export type OpsCommand = z.output<typeof commandSchema>;
export type CommandName = OpsCommand['name'];

/** Positional arguments of each command, in order. */
const POSITIONALS: Record<CommandName, string[]> = {
  help: [],
  status: ['migrationId'],
  number: ['e164'],
  waba: ['wabaId'],
  list: [],
  'submit-pin': ['migrationId'],
  'resend-code': ['migrationId'],
  'confirm-cancellation': ['migrationId'],
  'decline-cancellation': ['migrationId'],
  event: ['migrationId', 'type'],
  cancel: ['migrationId'],
};

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  method: { type: 'string' },
  by: { type: 'string' },
  reason: { type: 'string' },
  kind: { type: 'string' },
  step: { type: 'string' },
  escalated: { type: 'boolean' },
  running: { type: 'boolean' },
  phone: { type: 'string' },
  waba: { type: 'string' },
  limit: { type: 'string' },
} as const;

/** Thrown for a command line that cannot be sent; nothing was sent. */
export class UsageError extends Error {
  override name = 'UsageError' as const;
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export interface Invocation {
  command: OpsCommand;
  json: boolean;
}

export function parseInvocation(argv: string[]): Invocation {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // Node's messages name the option, never its value; its first sentence is enough.
    throw new UsageError([(err as Error).message.split(/\.\s/)[0] ?? 'invalid options']);
  }
  const { json = false, help = false, ...flags } = parsed.values;
  const [name = 'help', ...rest] = parsed.positionals;
  if (help) return { command: { name: 'help' }, json };
  if (!(name in POSITIONALS))
    throw new UsageError([`unknown command ${JSON.stringify(name)}; try: npm run ops -- help`]);
  const slots = POSITIONALS[name as CommandName];
  if (rest.length > slots.length) {
    const usage = slots.map((s) => `<${s}>`).join(' ');
    const hint = name === 'submit-pin' ? ' (the PIN is read from stdin or a prompt, never from the command line)' : '';
    throw new UsageError([`too many arguments: ${name} takes ${usage || 'no arguments'}${hint}`]);
  }
  const input: Record<string, unknown> = { name, ...flags };
  slots.forEach((slot, i) => (input[slot] = rest[i]));
  if (typeof input.limit === 'string') input.limit = Number(input.limit);
  const result = commandSchema.safeParse(input);
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => describeIssue(name, input, issue)));
  return { command: result.data, json };
}

function describeIssue(command: string, input: Record<string, unknown>, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((k) => `--${k} does not apply to ${command}`).join('; ');
  const field = String(issue.path[0] ?? '');
  const slot = POSITIONALS[command as CommandName]?.includes(field) ? `<${field}>` : `--${field}`;
  return input[field] === undefined ? `${command} needs ${slot}` : `${slot}: ${issue.message}`;
}
