/**
 * The entities' rules without a server: who may hold a lease (exclusive vs shared, idempotent per
 * migration, refusals naming the holders), what a release keeps, and Meta's register budget
 * (10 calls in a moving 72 h window, the 11th refused with the time it becomes possible).
 */
import {
  canonicalNumber,
  numberEntityId,
  PAST_LEASES_KEPT,
  REGISTER_BUDGET,
  type LeaseHolder,
} from '../../../contracts/entities';
import { describe as describeEntity } from '../../../workflows/entities/entity';
import { LeaseBook } from '../../../workflows/entities/lease-book';
import { RegisterLedger } from '../../../workflows/entities/register-ledger';

const t0 = new Date('2026-12-04T10:00:00.000Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
const holder = (workflowId: string, kind: LeaseHolder['kind'] = 'port-in', runId = 'r1'): LeaseHolder => ({
  workflowId,
  runId,
  kind,
});
const empty = () => new LeaseBook({ holders: [], past: [], grants: 0 });

describe('LeaseBook', () => {
  test('an exclusive lease refuses everyone else, naming the holder', () => {
    const book = empty();
    expect(book.acquire({ holder: holder('port-in:+1'), mode: 'exclusive' }, t0)).toEqual({ granted: true });
    const refused = book.acquire({ holder: holder('port-out:+1', 'port-out'), mode: 'exclusive' }, t0);
    expect(refused).toEqual({
      granted: false,
      heldBy: [{ workflowId: 'port-in:+1', runId: 'r1', kind: 'port-in', mode: 'exclusive', since: t0.toISOString() }],
    });
    expect(book.acquire({ holder: holder('port-out:+1', 'port-out'), mode: 'shared' }, t0).granted).toBe(false);
  });

  test('shared leases coexist; an exclusive one waits for none of them and is refused', () => {
    const book = empty();
    expect(book.acquire({ holder: holder('port-in:+1'), mode: 'shared' }, t0).granted).toBe(true);
    expect(book.acquire({ holder: holder('port-out:+2', 'port-out'), mode: 'shared' }, t0).granted).toBe(true);
    const change = book.acquire({ holder: holder('partner-change:w', 'partner-change'), mode: 'exclusive' }, t0);
    expect(change.granted ? [] : change.heldBy.map((h) => h.workflowId)).toEqual(['port-in:+1', 'port-out:+2']);
  });

  test('asking again (a retried activity, a new run of the migration) is granted once, keeping `since`', () => {
    const book = empty();
    book.acquire({ holder: holder('port-in:+1'), mode: 'exclusive' }, t0);
    expect(book.acquire({ holder: holder('port-in:+1', 'port-in', 'r2'), mode: 'shared' }, at(1))).toEqual({
      granted: true,
    });
    expect(book.current).toEqual([
      { ...holder('port-in:+1', 'port-in', 'r2'), mode: 'exclusive', since: t0.toISOString() },
    ]);
    expect(book.snapshot().grants).toBe(1);
  });

  test('a release moves the lease to the past (bounded); a repeated or stale-run release changes nothing', () => {
    const book = empty();
    book.acquire({ holder: holder('port-in:+1'), mode: 'exclusive' }, t0);
    expect(book.release('port-in:+1', 'terminated', at(2), 'other-run')).toBe(false);
    expect(book.release('port-in:+1', 'completed', at(2))).toBe(true);
    expect(book.release('port-in:+1', 'completed', at(3))).toBe(false);
    expect(book.snapshot().past).toEqual([
      {
        workflowId: 'port-in:+1',
        kind: 'port-in',
        mode: 'exclusive',
        since: t0.toISOString(),
        until: at(2).toISOString(),
        how: 'completed',
      },
    ]);
    for (let i = 0; i < PAST_LEASES_KEPT + 5; i++) {
      book.acquire({ holder: holder(`m${i}`), mode: 'exclusive' }, at(3));
      book.release(`m${i}`, 'completed', at(4));
    }
    const { past, grants } = book.snapshot();
    expect(past).toHaveLength(PAST_LEASES_KEPT);
    expect(past.at(-1)?.workflowId).toBe(`m${PAST_LEASES_KEPT + 4}`);
    expect(grants).toBe(PAST_LEASES_KEPT + 6);
  });
});

describe('RegisterLedger', () => {
  test('10 calls in 72 h are recorded; the 11th is refused with the time the oldest leaves the window', () => {
    const ledger = new RegisterLedger([]);
    for (let i = 0; i < REGISTER_BUDGET.calls; i++) {
      expect(ledger.record(i % 2 ? 'deregister' : 'register', 'port-in:+1', at(i))).toMatchObject({
        recorded: true,
        callsInWindow: i + 1,
        remaining: REGISTER_BUDGET.calls - i - 1,
      });
    }
    expect(ledger.record('register', 'port-in:+1', at(20))).toEqual({
      recorded: false,
      callsInWindow: 10,
      notBefore: at(72).toISOString(),
    });
    expect(ledger.budget(at(20))).toEqual({ used: 10, limit: 10, nextPossibleAt: at(72).toISOString() });
    // The window moves: at 72 h the first call has left it, one more fits.
    expect(ledger.record('register', 'port-in:+1', at(72))).toMatchObject({ recorded: true, callsInWindow: 10 });
    expect(ledger.record('register', 'port-in:+1', at(72.5))).toMatchObject({
      recorded: false,
      notBefore: at(73).toISOString(),
    });
  });

  test('calls older than the window are forgotten, so the carried ledger stays small', () => {
    const ledger = new RegisterLedger([{ at: t0.toISOString(), call: 'register', by: 'port-in:+1' }]);
    expect(ledger.snapshot(at(71))).toHaveLength(1);
    expect(ledger.snapshot(at(73))).toEqual([]);
    expect(ledger.budget(at(73))).toEqual({ used: 0, limit: 10 });
  });
});

test('both Brazilian spellings of a mobile are one entity; other numbers are themselves', () => {
  expect(canonicalNumber('+551187654321')).toBe('+5511987654321');
  expect(numberEntityId('+551187654321')).toBe(numberEntityId('+5511987654321'));
  expect(canonicalNumber('+551133334444')).toBe('+551133334444'); // a landline has no extra 9
  expect(canonicalNumber('+4915112345678')).toBe('+4915112345678');
});

test("the Web UI's line says who holds the entity, the budget and the past", () => {
  const line = describeEntity({
    entityId: 'number:+5511987654321',
    kind: 'number',
    key: '+5511987654321',
    holders: [{ ...holder('port-in:+5511987654321'), mode: 'exclusive', since: t0.toISOString() }],
    past: [],
    registerCalls: [],
    grants: 1,
    generation: 1,
    registerBudget: { used: 3, limit: 10 },
  });
  expect(line).toBe(
    `**Number +5511987654321** · held by port-in:+5511987654321 (exclusive, since ${t0.toISOString()}) · register calls 3/10 in 72 h · 0 past migration(s)`,
  );
  expect(line).not.toMatch(/\n/);
});
