/**
 * Which waits are the number owner's, and what the owner does in each. A step not listed here has
 * no owner page action (a machine or 360dialog acts, or the requester's backend does).
 */
import type { MigrationKind } from './migration';
import { PartnerChangeStep } from './partner-change';
import { PortInStep } from './port-in';
import { PortOutStep } from './port-out';

export const OWNER_ACTIONS = ['enter_code', 'disable_two_factor', 'confirm_numbers', 'confirm_cancellation'] as const;
export type OwnerAction = (typeof OWNER_ACTIONS)[number];

const OWNER_STEPS: Record<MigrationKind, Partial<Record<string, OwnerAction>>> = {
  'port-in': {
    [PortInStep.AWAITING_PIN]: 'enter_code',
    [PortInStep.AWAITING_2FA_DISABLED]: 'disable_two_factor',
  },
  'port-out': {
    [PortOutStep.AWAITING_2FA_DISABLED]: 'disable_two_factor',
    [PortOutStep.AWAITING_CANCELLATION_CONFIRMATION]: 'confirm_cancellation',
  },
  'partner-change': {
    [PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION]: 'confirm_numbers',
  },
};

export function ownerActionFor(kind: MigrationKind, step: string): OwnerAction | undefined {
  return OWNER_STEPS[kind]?.[step];
}

/** Actions that are done once: the link is spent when the step is passed. */
export const ACTIONS_WITH_FORM: ReadonlySet<OwnerAction> = new Set([
  'enter_code',
  'confirm_numbers',
  'confirm_cancellation',
]);

/**
 * The "action required" callback events the owner answers on the page: the event's `data.action`,
 * what the owner does and the step that waits for it (the link is bound to that step).
 */
export const OWNER_CALLBACK_ACTIONS: Partial<Record<string, { action: OwnerAction; step: string }>> = {
  submit_pin: { action: 'enter_code', step: PortInStep.AWAITING_PIN },
  disable_two_factor_authentication: { action: 'disable_two_factor', step: PortOutStep.AWAITING_2FA_DISABLED },
  confirm_subscription_cancellation: {
    action: 'confirm_cancellation',
    step: PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
  },
  confirm_numbers: { action: 'confirm_numbers', step: PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION },
};
