/**
 * The workflow helpers that need no workflow context: update rejections (typed, non-retryable),
 * the partner-change number selection, what counts as a final activity failure, and the timing
 * merge the client does before a start (defaults < config < request; escalation before deadline).
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { partnerChangeTimings, portInTimings, portOutTimings } from '../../../client/timings';
import { ErrorTypes } from '../../../contracts/errors';
import { rejectUpdate, requireStep } from '../../../workflows/kit/updates';
import { describe as describeNumbers, matchSelection } from '../../../workflows/partner-change/numbers';
import { isFinal } from '../../../workflows/port-in/waits';
import { loadConfig } from '../../../temporal.config';

/** Only what requireStep reads of a MigrationTracker. */
const trackerAt = (current: string, outcome?: string) =>
  ({ current, status: () => ({ outcome }) }) as unknown as Parameters<typeof requireStep>[0];

function thrown(fn: () => unknown): ApplicationFailure {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected an ApplicationFailure');
}

test('update rejections are non-retryable ApplicationFailures with a stable type', () => {
  expect(rejectUpdate('InvalidPin', 'the PIN must be 6 digits')).toMatchObject({
    type: 'InvalidPin',
    nonRetryable: true,
    message: 'the PIN must be 6 digits',
  });
  expect(() => requireStep(trackerAt('AWAITING_PIN'), 'AWAITING_PIN', 'a PIN')).not.toThrow();
  expect(thrown(() => requireStep(trackerAt('SETUP'), 'AWAITING_PIN', 'a PIN'))).toMatchObject({
    type: 'WrongStep',
    message: 'the migration is at step SETUP, not waiting for a PIN',
  });
  expect(thrown(() => requireStep(trackerAt('AWAITING_PIN', 'cancelled'), 'AWAITING_PIN', 'a PIN'))).toMatchObject({
    type: 'MigrationFinished',
  });
});

const numbers = [
  { channelId: 'ch1', phoneNumber: '+4915100000001' },
  { channelId: 'ch2', phoneNumber: '+4915100000002' },
];

test('a selection matches by channel ID or by phone number and reports unknown entries', () => {
  expect(matchSelection({ channelIds: ['ch2', 'ch9'] }, numbers)).toEqual({ matched: [numbers[1]], unknown: ['ch9'] });
  expect(matchSelection({ phoneNumbers: ['+4915100000001'] }, numbers)).toEqual({ matched: [numbers[0]], unknown: [] });
  expect(describeNumbers(numbers)).toBe('+4915100000001 (ch1), +4915100000002 (ch2)');
});

test.each([
  ['neither list', {}, /exactly one/],
  ['both lists', { channelIds: ['ch1'], phoneNumbers: ['+4915100000001'] }, /exactly one/],
  ['an empty list', { channelIds: [] }, /non-empty array of strings/],
  ['a non-string', { channelIds: [1] }, /non-empty array of strings/],
  ['a duplicate', { channelIds: ['ch1', 'ch1'] }, /twice/],
])('a selection with %s is rejected as InvalidSelection', (_what, selection, message) => {
  const err = thrown(() => matchSelection(selection as never, numbers));
  expect(err.type).toBe('InvalidSelection');
  expect(err.message).toMatch(message);
});

test('only a non-retryable refusal is final; running out of time is not', () => {
  const failure = (retryState: 'NON_RETRYABLE_FAILURE' | 'TIMEOUT', cause: Error) =>
    new ActivityFailure('activity failed', 'submitPortIn', '1', retryState, 'worker', cause);
  const refused = ApplicationFailure.create({ type: ErrorTypes.final, message: 'different payment processor' });
  const transient = ApplicationFailure.create({ type: ErrorTypes.transient, message: '503' });
  expect(isFinal(failure('NON_RETRYABLE_FAILURE', refused))).toBe(true);
  expect(isFinal(failure('NON_RETRYABLE_FAILURE', transient))).toBe(false);
  expect(isFinal(failure('TIMEOUT', refused))).toBe(false);
  expect(isFinal(refused)).toBe(false);
});

describe('timings merged before a start', () => {
  const config = loadConfig({
    PIN_ESCALATION_AFTER: '2h',
    PIN_DEADLINE: '48h',
    REMINDER_EVERY: '12h',
    TWO_FA_SLA: '24h',
  });

  test('flow defaults < deployment config < the request', () => {
    const t = portInTimings(config, { pinDeadline: '10h' });
    expect(t).toMatchObject({ pinEscalateAfter: '2h', pinDeadline: '10h', remindEvery: '12h', mobDeadline: '14d' });
    expect(portOutTimings(config)).toMatchObject({ twoFaSla: '24h', remindEvery: '12h' });
    expect(partnerChangeTimings(config, { approvalDeadline: '30d' })).toMatchObject({ approvalDeadline: '30d' });
  });

  test('an escalation after its deadline is refused naming both fields (units compared, not text)', () => {
    expect(() => portInTimings(config, { pinEscalateAfter: '120m', pinDeadline: '2h' })).not.toThrow();
    let error: unknown;
    try {
      portInTimings(config, { pinEscalateAfter: '3 days', setupDeadline: 60_000 });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      name: 'InvalidMigrationInputError',
      issues: [
        { field: 'timings.pinEscalateAfter', message: 'must not be longer than timings.pinDeadline (48h)' },
        { field: 'timings.setupEscalateAfter', message: 'must not be longer than timings.setupDeadline (60000)' },
      ],
    });
  });
});
