/**
 * Fault injection's decision logic without a server: seeded sequences repeat exactly, rates of 0
 * never fire, service scoping, and scripted answers consumed per operation (wildcards, `match`).
 */
import { Faults, FaultsSchema } from '../../../simulator/faults';
import { ScenarioPatchSchema } from '../../../simulator/scenarios';

const err = (status: number) => ({ status, body: { error: status } });

test('a seed makes the fault sequence reproducible', () => {
  const rolls = (seed: number) => {
    const f = new Faults();
    f.set(FaultsSchema.parse({ errorRate: 0.3, seed }));
    return Array.from({ length: 50 }, () => f.roll(0.3));
  };
  expect(rolls(42)).toEqual(rolls(42));
  expect(rolls(42)).not.toEqual(rolls(43));
  const hits = rolls(7).filter(Boolean).length;
  expect(hits).toBeGreaterThan(5);
  expect(hits).toBeLessThan(30);
});

test('a zero rate never fires; services scope the faults', () => {
  const f = new Faults();
  expect(Array.from({ length: 100 }, () => f.roll(0)).some(Boolean)).toBe(false);
  expect(f.applies('meta')).toBe(true);
  f.set(FaultsSchema.parse({ services: ['360dialog'] }));
  expect([f.applies('360dialog'), f.applies('meta')]).toEqual([true, false]);
  f.reset();
  expect(f.config).toEqual(FaultsSchema.parse({}));
});

test('the faults body is validated (rates within 0..1, known services)', () => {
  expect(FaultsSchema.safeParse({ errorRate: 1.5 }).success).toBe(false);
  expect(FaultsSchema.safeParse({ services: ['twitter'] }).success).toBe(false);
  expect(FaultsSchema.parse({ latencyMs: 20 })).toMatchObject({ latencyMs: 20, errorRate: 0, hangRate: 0 });
});

test('scripted answers are used N times for their operation, then gone', () => {
  const f = new Faults();
  f.script('meta.requestCode', err(500), 2);
  const req = () => 'POST /x';
  expect(f.take('meta.verifyCode', req)).toBeUndefined();
  expect(f.take('meta.requestCode', req)).toEqual(err(500));
  expect(f.listScripted()).toEqual([{ op: 'meta.requestCode', status: 500, match: undefined, remaining: 1 }]);
  expect(f.take('meta.requestCode', req)).toEqual(err(500));
  expect(f.take('meta.requestCode', req)).toBeUndefined();
  expect(f.listScripted()).toEqual([]);
});

test('wildcards cover an operation family; match scopes to one number, key or WABA', () => {
  const f = new Faults();
  f.script('360.*', { hang: true }, 1);
  f.script('meta.*', err(429), 5, '+4915100000001');
  expect(f.take('360.submitPortIn', () => '')).toEqual({ hang: true });
  expect(f.take('meta.getNode', () => 'GET /+4915100000002')).toBeUndefined();
  expect(f.take('meta.getNode', () => 'GET /x\n{"phone":"+4915100000001"}')).toEqual(err(429));
  expect(f.listScripted()).toEqual([{ op: 'meta.*', status: 429, match: '+4915100000001', remaining: 4 }]);
  f.clearScripted();
  expect(f.listScripted()).toEqual([]);
});

test('a scenario patch changes only the keys given and refuses unknown ones', () => {
  expect(ScenarioPatchSchema.parse({ twoFaEnabled: true })).toEqual({ twoFaEnabled: true });
  expect(ScenarioPatchSchema.safeParse({ twoFa: true }).success).toBe(false);
  expect(ScenarioPatchSchema.safeParse({ setupMs: 'manual' }).success).toBe(true);
  expect(ScenarioPatchSchema.safeParse({ setupMs: 'later' }).success).toBe(false);
  expect(ScenarioPatchSchema.safeParse({ liveProfileNumber: '5531998765432' }).success).toBe(false);
});
