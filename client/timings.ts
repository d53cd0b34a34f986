/**
 * Timings of a migration = flow defaults, overridden by the deployment's config, overridden by the
 * request. The merged set goes into the workflow input, so history shows what applied.
 */
import { durationMs, type Duration } from '../contracts/durations';
import { DEFAULT_PARTNER_CHANGE_TIMINGS, type PartnerChangeTimings } from '../contracts/partner-change';
import { DEFAULT_PORT_IN_TIMINGS, type PortInTimings } from '../contracts/port-in';
import { DEFAULT_PORT_OUT_TIMINGS, type PortOutTimings } from '../contracts/port-out';
import type { ClientConfig } from './context';
import { InvalidMigrationInputError, type FieldIssue } from './errors';

/** Every wait escalates before it gives up: an escalation after the deadline would never happen. */
export function checkEscalationOrder<T extends object>(
  timings: T,
  pairs: [keyof T & string, keyof T & string][],
): void {
  const issues: FieldIssue[] = [];
  for (const [escalate, deadline] of pairs) {
    const e = durationMs(timings[escalate] as Duration);
    const d = durationMs(timings[deadline] as Duration);
    if (e > d)
      issues.push({
        field: `timings.${escalate}`,
        message: `must not be longer than timings.${deadline} (${String(timings[deadline])})`,
      });
  }
  if (issues.length) throw new InvalidMigrationInputError(issues);
}

export function portInTimings(config: ClientConfig, overrides: Partial<PortInTimings> = {}): PortInTimings {
  const timings: PortInTimings = {
    ...DEFAULT_PORT_IN_TIMINGS,
    pinEscalateAfter: config.PIN_ESCALATION_AFTER,
    pinDeadline: config.PIN_DEADLINE,
    setupEscalateAfter: config.SETUP_ESCALATION_AFTER,
    setupDeadline: config.SETUP_DEADLINE,
    mobEscalateAfter: config.MOB_ESCALATION_AFTER,
    mobDeadline: config.MOB_DEADLINE,
    remindEvery: config.REMINDER_EVERY,
    ...overrides,
  };
  checkEscalationOrder(timings, [
    ['pinEscalateAfter', 'pinDeadline'],
    ['setupEscalateAfter', 'setupDeadline'],
    ['mobEscalateAfter', 'mobDeadline'],
    ['twoFaEscalateAfter', 'twoFaDeadline'],
    ['businessIdEscalateAfter', 'businessIdDeadline'],
  ]);
  return timings;
}

export function portOutTimings(config: ClientConfig, overrides: Partial<PortOutTimings> = {}): PortOutTimings {
  const timings: PortOutTimings = {
    ...DEFAULT_PORT_OUT_TIMINGS,
    twoFaSla: config.TWO_FA_SLA,
    remindEvery: config.REMINDER_EVERY,
    ...overrides,
  };
  checkEscalationOrder(timings, [
    ['twoFaSla', 'twoFaDeadline'],
    ['twoFaEscalateAfter', 'twoFaDeadline'],
    ['numberLeftEscalateAfter', 'numberLeftDeadline'],
    ['confirmEscalateAfter', 'confirmDeadline'],
  ]);
  return timings;
}

export function partnerChangeTimings(
  config: ClientConfig,
  overrides: Partial<PartnerChangeTimings> = {},
): PartnerChangeTimings {
  const timings: PartnerChangeTimings = {
    ...DEFAULT_PARTNER_CHANGE_TIMINGS,
    remindEvery: config.REMINDER_EVERY,
    ...overrides,
  };
  checkEscalationOrder(timings, [
    ['confirmEscalateAfter', 'confirmDeadline'],
    ['accountEscalateAfter', 'accountDeadline'],
    ['approvalEscalateAfter', 'approvalDeadline'],
    ['permissionsEscalateAfter', 'permissionsDeadline'],
  ]);
  return timings;
}
