/**
 * Reports a fact to a migration (signals): the client accepted the Message-on-Behalf request,
 * 2FA was disabled, or the 360dialog channel changed status. Facts are idempotent, so repeats
 * and out-of-order deliveries are harmless.
 */
import { migrationEventSchema, type MigrationEvent } from '../contracts/schemas';
import { channelStatusSignal, mobAcceptedSignal, twoFactorDisabledSignal, type FactSignal } from '../workflows/messages';
import { handleFor, parseInput, withQueryDeadline, type ClientDeps } from './context';
import { translateMutationError } from './translate-error';

export type EventSource = FactSignal['source'];

/** Throws MigrationNotFoundError for an unknown ID, MigrationConflictError when it has ended. */
export async function sendEvent(deps: ClientDeps, migrationId: string, event: MigrationEvent, source: EventSource = 'api'): Promise<void> {
  const e = parseInput(migrationEventSchema, event);
  const handle = handleFor(deps, migrationId);
  try {
    await withQueryDeadline(deps, () => {
      switch (e.type) {
        case 'mobAccepted':
          return handle.signal(mobAcceptedSignal, { source, eventId: e.eventId });
        case 'twoFactorDisabled':
          return handle.signal(twoFactorDisabledSignal, { source, eventId: e.eventId });
        case 'channelStatusChanged':
          return handle.signal(channelStatusSignal, { eventId: e.eventId, status: e.status, occurredAt: e.occurredAt });
      }
    });
  } catch (err) {
    await translateMutationError(deps, err, migrationId);
  }
}
