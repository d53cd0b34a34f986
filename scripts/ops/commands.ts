/**
 * What each `npm run ops` command does with the typed client, and the one line that says what
 * happened. A command returns only when it acted; a refusal is thrown by the client as a typed
 * error (see report.ts). No line or JSON here ever holds a secret (the PIN is not echoed).
 */
import type { MigrationsClient, MigrationSummary, MigrationView, NumberEntityView, WabaEntityView } from '../../client';
import { plural } from '../../contracts/plural';
import type { OpsCommand } from './args';

export interface Report {
  /** One line for a person. */
  line: string;
  /** The same for a machine (`--json`). */
  json: Record<string, unknown>;
  /** 0: acted as asked; 4: acted, but the answer is a no (a PIN checked and not accepted). */
  exitCode: 0 | 4;
}

export interface CommandDeps {
  migrations: MigrationsClient;
  /** Read (and checked for format) before connecting, for `submit-pin` only. */
  pin?: string;
}

export const acted = (line: string, json: Record<string, unknown>): Report => ({ line, json, exitCode: 0 });

/** Every command but `help`, which needs no connection. */
export type ClientCommand = Exclude<OpsCommand, { name: 'help' }>;

export async function runCommand(command: ClientCommand, deps: CommandDeps): Promise<Report> {
  const { migrations } = deps;
  switch (command.name) {
    case 'status': {
      const view = await migrations.getMigration(command.migrationId);
      return acted(statusLine(view), { ...view });
    }
    case 'number': {
      const view = await migrations.describeNumber(command.e164.e164);
      return acted(entityLine(view), { ...view });
    }
    case 'waba': {
      const view = await migrations.describeWaba(command.wabaId);
      return acted(entityLine(view), { ...view });
    }
    case 'list': {
      const { name: _name, limit, phone, ...filter } = command;
      const page = await migrations.listMigrations({ ...filter, phone: phone?.e164, pageSize: limit });
      const rows = page.items.map(listRow);
      const more = page.nextPageToken ? ' (more: raise --limit)' : '';
      return acted([...rows, `${rows.length} migration(s)${more}`].join('\n'), { ...page });
    }
    case 'submit-pin': {
      const result = await migrations.submitPin(command.migrationId, { pin: deps.pin ?? '' });
      const { migrationId } = command;
      switch (result.status) {
        case 'verified':
          return acted(`${migrationId}: PIN verified, the port-in moves on to channel setup`, { migrationId, result });
        case 'wrong':
          return refusedPin(migrationId, result, `wrong PIN, ${result.attemptsLeft} attempt(s) left`);
        default:
          return refusedPin(migrationId, result, `PIN ${result.status}: ${result.message}`);
      }
    }
    case 'resend-code': {
      const result = await migrations.resendCode(command.migrationId, { method: command.method });
      return acted(
        `${command.migrationId}: code sent again by ${result.method} at ${result.sentAt}; ` +
          `${result.sendsLeft} send(s) left, next one possible at ${result.nextResendAt}`,
        { migrationId: command.migrationId, result },
      );
    }
    case 'confirm-cancellation': {
      const result = await migrations.confirmSubscriptionCancellation(command.migrationId, {
        confirm: true,
        confirmedBy: command.by,
      });
      return acted(`${command.migrationId}: subscription ${result.subscription}, confirmed by ${result.decidedBy}`, {
        migrationId: command.migrationId,
        result,
      });
    }
    case 'decline-cancellation': {
      const result = await migrations.declineSubscriptionCancellation(command.migrationId, {
        declinedBy: command.by,
        reason: command.reason,
      });
      return acted(
        `${command.migrationId}: subscription ${result.subscription}, cancellation declined by ${result.decidedBy}`,
        { migrationId: command.migrationId, result },
      );
    }
    case 'event': {
      await migrations.sendEvent(command.migrationId, { type: command.type }, 'operator');
      // Search attributes need no worker: the step the fact reached, not a promise of what it will do.
      const { step } = await migrations.describe(command.migrationId);
      return acted(`${command.migrationId}: fact ${command.type} recorded (the migration is at step ${step})`, {
        migrationId: command.migrationId,
        event: command.type,
        step,
      });
    }
    case 'cancel':
      await migrations.cancel(command.migrationId, { reason: command.reason });
      return acted(`${command.migrationId}: cancellation requested; it ends with outcome "cancelled"`, {
        migrationId: command.migrationId,
        cancelled: true,
      });
  }
}

function refusedPin(migrationId: string, result: object, what: string): Report {
  return { line: `${migrationId}: PIN checked and not accepted: ${what}`, json: { migrationId, result }, exitCode: 4 };
}

function statusLine(v: MigrationView): string {
  const parts = [`${v.migrationId}: ${v.kind} at ${v.step} (${v.execution.executionStatus.toLowerCase()})`];
  if (v.outcome) parts.push(`outcome ${v.outcome}${v.reason ? `: ${v.reason}` : ''}`);
  if (v.waitingFor) parts.push(`waiting for ${v.waitingFor}${v.waitingSince ? ` since ${v.waitingSince}` : ''}`);
  if (v.escalatesAt) parts.push(`escalates at ${v.escalatesAt}`);
  if (v.deadlineAt) parts.push(`gives up at ${v.deadlineAt}`);
  if (v.tickets.length) parts.push(`tickets ${v.tickets.map((t) => t.ticketId).join(',')}`);
  return parts.join('; ');
}

function listRow(m: MigrationSummary): string {
  const cells = [m.migrationId, m.step ?? '-', m.outcome ?? m.executionStatus, m.waitingSince ?? '-'];
  return [...cells, m.ticketIds.join(',') || '-'].join('\t');
}

/** `number:+49…: held by port-out:+49… (exclusive, since …); register calls 2/10 in 72 h, 8 left; 1 past migration` */
function entityLine(v: NumberEntityView | WabaEntityView): string {
  if (!v.known) return `${v.id}: never migrated (no migration has taken it since entities exist)`;
  const held = v.holders.length
    ? `held by ${v.holders.map((h) => `${h.workflowId} (${h.mode}, since ${h.since})`).join(', ')}`
    : 'free';
  const parts = [`${v.id}: ${held}`];
  if ('registerBudget' in v) {
    const b = v.registerBudget;
    const next = b.nextFreeAt ? `, next possible at ${b.nextFreeAt}` : '';
    parts.push(`register calls ${b.used}/${b.limit} in ${b.windowHours} h, ${b.remaining} left${next}`);
  }
  parts.push(plural(v.past.length, 'past migration'));
  return parts.join('; ');
}
