/**
 * Reports a fact to a migration (signals): the client accepted the Message-on-Behalf request,
 * 2FA was disabled, the number left, the 360dialog channel changed status, the destination
 * partner decided... Facts are idempotent, so repeats and out-of-order deliveries are harmless.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { MigrationKind } from '../contracts/migration';
import { migrationEventSchema, type MigrationEvent } from '../contracts/schemas';
import {
  channelStatusSignal,
  companyInfoCompletedSignal,
  mobAcceptedSignal,
  numberLeftSignal,
  partnerChangeDecisionSignal,
  paymentMethodAddedSignal,
  twoFactorDisabledSignal,
  type FactSignal,
} from '../contracts/messages';
import { handleFor, parseInput, withQueryDeadline, type ClientDeps } from './context';
import { MigrationConflictError } from './errors';
import { kindOf } from './migration-ids';
import { translateMutationError } from './translate-error';

export type EventSource = FactSignal['source'];

const FACTS = {
  mobAccepted: mobAcceptedSignal,
  twoFactorDisabled: twoFactorDisabledSignal,
  numberLeft: numberLeftSignal,
  companyInfoCompleted: companyInfoCompletedSignal,
  paymentMethodAdded: paymentMethodAddedSignal,
} as const;

// A signal nobody handles is silently dropped by Temporal: refuse facts the kind does not take.
const KINDS: Record<MigrationEvent['type'], MigrationKind[]> = {
  mobAccepted: ['port-in'],
  twoFactorDisabled: ['port-in', 'port-out'],
  channelStatusChanged: ['port-in'],
  numberLeft: ['port-out'],
  companyInfoCompleted: ['partner-change'],
  paymentMethodAdded: ['partner-change'],
  partnerChangeDecision: ['partner-change'],
};

/** Throws MigrationNotFoundError for an unknown ID, MigrationConflictError when it has ended. */
export async function sendEvent(
  deps: ClientDeps,
  migrationId: string,
  event: MigrationEvent,
  source: EventSource = 'api',
): Promise<void> {
  const e = parseInput(migrationEventSchema, event);
  const handle = handleFor(deps, migrationId);
  const kind = kindOf(migrationId);
  if (kind && !KINDS[e.type].includes(kind))
    throw new MigrationConflictError(migrationId, `a ${kind} does not take the event ${e.type}`);
  try {
    await withQueryDeadline(deps, () => signal(handle, e, source));
  } catch (err) {
    await translateMutationError(deps, err, migrationId);
  }
}

function signal(
  handle: WorkflowHandle,
  e: ReturnType<typeof migrationEventSchema.parse>,
  source: EventSource,
): Promise<void> {
  switch (e.type) {
    case 'channelStatusChanged':
      return handle.signal(channelStatusSignal, { eventId: e.eventId, status: e.status, occurredAt: e.occurredAt });
    case 'partnerChangeDecision':
      return handle.signal(partnerChangeDecisionSignal, {
        status: e.status,
        reason: e.reason,
        source,
        eventId: e.eventId,
      });
    default:
      return handle.signal(FACTS[e.type], { source, eventId: e.eventId });
  }
}
