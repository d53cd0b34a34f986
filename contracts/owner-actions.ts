/**
 * Which waits are the number owner's, and what the owner does in each. A step not listed here has
 * no owner page action (a machine or 360dialog acts, or the requester's backend does).
 */
import type { MigrationKind } from './migration';
import { PartnerChangeStep } from './partner-change';
import { PortInStep } from './port-in';
import { PortOutStep } from './port-out';

export const OWNER_ACTIONS = [
  'enter_code',
  'disable_two_factor',
  'complete_embedded_signup',
  'confirm_numbers',
  'complete_company_info',
  'add_payment_method',
  'select_permissions',
  'confirm_cancellation',
] as const;
export type OwnerAction = (typeof OWNER_ACTIONS)[number];

const OWNER_STEPS: Record<MigrationKind, Partial<Record<string, OwnerAction>>> = {
  'port-in': {
    [PortInStep.AWAITING_PIN]: 'enter_code',
    [PortInStep.AWAITING_2FA_DISABLED]: 'disable_two_factor',
    [PortInStep.AWAITING_EMBEDDED_SIGNUP]: 'complete_embedded_signup',
  },
  'port-out': {
    [PortOutStep.AWAITING_2FA_DISABLED]: 'disable_two_factor',
    [PortOutStep.AWAITING_CANCELLATION_CONFIRMATION]: 'confirm_cancellation',
  },
  'partner-change': {
    [PartnerChangeStep.AWAITING_COMPANY_INFO]: 'complete_company_info',
    [PartnerChangeStep.AWAITING_PAYMENT_METHOD]: 'add_payment_method',
    [PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION]: 'confirm_numbers',
    [PartnerChangeStep.AWAITING_PERMISSION_SELECTION]: 'select_permissions',
  },
};

export function ownerActionFor(kind: MigrationKind, step: string): OwnerAction | undefined {
  return OWNER_STEPS[kind]?.[step];
}

/**
 * The "action required" callback events the owner answers on the page: the event's `data.action`,
 * what the owner does and the step that waits for it (the link is bound to that step).
 */
export const OWNER_CALLBACK_ACTIONS: Partial<Record<string, { action: OwnerAction; step: string }>> = {
  submit_pin: { action: 'enter_code', step: PortInStep.AWAITING_PIN },
  // The same step name in port-in and port-out.
  disable_two_factor_authentication: { action: 'disable_two_factor', step: PortOutStep.AWAITING_2FA_DISABLED },
  complete_embedded_signup: { action: 'complete_embedded_signup', step: PortInStep.AWAITING_EMBEDDED_SIGNUP },
  confirm_subscription_cancellation: {
    action: 'confirm_cancellation',
    step: PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
  },
  confirm_numbers: { action: 'confirm_numbers', step: PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION },
  complete_company_information: { action: 'complete_company_info', step: PartnerChangeStep.AWAITING_COMPANY_INFO },
  add_payment_method: { action: 'add_payment_method', step: PartnerChangeStep.AWAITING_PAYMENT_METHOD },
  select_numbers_for_permissions: {
    action: 'select_permissions',
    step: PartnerChangeStep.AWAITING_PERMISSION_SELECTION,
  },
};
