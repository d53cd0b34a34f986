/**
 * Two small grammars everything shares: durations (config, inputs, timers read them the same way)
 * and visibility queries (values always escaped literals, Brazilian numbers in both forms).
 */
import { ApplicationFailure } from '@temporalio/common';
import { durationMs } from '../../../contracts/durations';
import { listMigrationsSchema } from '../../../contracts/schemas';
import {
  literal,
  migrationListQuery,
  partnerChangeBlockers,
  portInBlockers,
  portOutBlockers,
  runningBlockersQuery,
} from '../../../contracts/visibility';

test.each([
  ['250ms', 250],
  ['90s', 90_000],
  ['5m', 300_000],
  ['1h', 3_600_000],
  ['1 hour', 3_600_000],
  ['72 Hours', 259_200_000],
  ['14d', 1_209_600_000],
  ['2 days', 172_800_000],
  ['1.5s', 1500],
  ['1500', 1500],
  [42, 42],
])('durationMs(%p) = %i', (d, ms) => {
  expect(durationMs(d)).toBe(ms);
});

test('a bad duration is a non-retryable InvalidDuration failure, not a silent number', () => {
  const bad = () => durationMs('1w');
  expect(bad).toThrow(ApplicationFailure);
  expect(bad).toThrow('invalid duration "1w"');
  try {
    bad();
  } catch (err) {
    expect(err).toMatchObject({ type: 'InvalidDuration', nonRetryable: true });
  }
});

test('literal escapes quotes and backslashes so no value changes the query', () => {
  expect(literal('waba-1')).toBe("'waba-1'");
  expect(literal("x' OR WabaId != '")).toBe("'x\\' OR WabaId != \\''");
  expect(literal('a\\')).toBe("'a\\\\'");
});

test('a port-in is blocked by a partner change of its WABA and a port-out of either Brazilian form', () => {
  const query = runningBlockersQuery(portInBlockers('waba-1', '+5531998765432'));
  expect(query).toBe(
    "ExecutionStatus = 'Running' AND (" +
      "(MigrationKind IN ('partner-change') AND WabaId = 'waba-1') OR " +
      "(MigrationKind IN ('port-out') AND PhoneNumber = '+5531998765432') OR " +
      "(MigrationKind IN ('port-out') AND PhoneNumber = '+553198765432'))",
  );
});

test('port-out mirrors port-in; a partner change is blocked by any number of its WABA migrating', () => {
  expect(portOutBlockers('w', '+4915123456789')).toEqual([
    { kinds: ['partner-change'], wabaId: 'w' },
    { kinds: ['port-in'], phoneNumber: '+4915123456789' },
  ]);
  expect(runningBlockersQuery(partnerChangeBlockers("w'1"))).toBe(
    "ExecutionStatus = 'Running' AND ((MigrationKind IN ('port-in', 'port-out') AND WabaId = 'w\\'1'))",
  );
});

test('list query: every kind by default, each filter as one escaped clause', () => {
  expect(migrationListQuery(listMigrationsSchema.parse({}))).toBe(
    "MigrationKind IN ('port-in', 'port-out', 'partner-change')",
  );
  const all = listMigrationsSchema.parse({
    kind: 'port-in',
    step: 'AWAITING_PIN',
    outcome: 'stalled',
    escalated: 'false',
    running: 'true',
    phone: '+55 31 9876-5432',
    waba: 'waba-1',
    waitingSinceBefore: '2026-01-01T01:00:00+01:00',
  });
  expect(migrationListQuery(all).split(' AND ')).toEqual([
    "MigrationKind = 'port-in'",
    "MigrationStep = 'AWAITING_PIN'",
    "MigrationOutcome = 'stalled'",
    'Escalated = false',
    "ExecutionStatus = 'Running'",
    "PhoneNumber IN ('+553198765432', '+5531998765432')",
    "WabaId = 'waba-1'",
    "WaitingSince < '2026-01-01T00:00:00.000Z'",
  ]);
  expect(migrationListQuery(listMigrationsSchema.parse({ running: false }))).toContain("ExecutionStatus != 'Running'");
});
