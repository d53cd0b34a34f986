/**
 * What one finished migration of a crash or flaky-world plan must have caused in the outside world
 * (a private simulator): its tickets and comments, one API key per completed port-in, code sends
 * exactly as intended, a Cloud-API port-in's move, register calls and template copies once each, one subscription cancellation per completed port-out, one partner change
 * request per partner change. Returns the differences, worded; empty = as intended.
 */
import type { temporal } from '@temporalio/proto';
import type { MigrationResult } from '../../contracts/migration';
import type { CountersView } from '../../simulator/control-client';
import { codeSends } from '../harness/side-effects';
import type { Launched } from './crash-plans';

export function effectProblems(
  l: Launched,
  result: MigrationResult,
  c: CountersView,
  history: temporal.api.history.v1.IHistory,
): string[] {
  const mine = (map: Record<string, number>) =>
    Object.entries(map)
      .filter(([k]) => k.startsWith(`${l.handle.workflowId}:`))
      .reduce((n, [, v]) => n + v, 0);
  const completed = result.outcome === 'completed';
  const want: [string, number | undefined, number][] = [
    ['tickets', mine(c.ticketsOpenedByKey), l.tickets],
    ['ticket comments', mine(c.commentsAddedByKey), l.comments],
  ];
  if (l.kind === 'port-in') {
    const e164 = l.e164 as string;
    want.push(['API keys', c.apiKeysMintedByNumber[e164] ?? 0, completed ? 1 : 0]);
    want.push([
      'code sends (vs. sends the workflow made that took effect)',
      c.codesSentByNumber[e164] ?? 0,
      codeSends(history).tookEffect,
    ]);
  }
  if (l.cloud) {
    const e164 = l.e164 as string;
    const expected = completed ? l.cloud : { moves: 0, registrations: 0, templateCopies: 0 };
    want.push(['numbers moved (migrate_phone_number)', c.numbersMigratedByNumber[e164] ?? 0, expected.moves]);
    want.push(['register calls Meta answered', c.registrationsByNumber[e164] ?? 0, expected.registrations]);
    want.push(['template copies', c.templatesMigratedByWaba[l.wabaId as string] ?? 0, expected.templateCopies]);
  }
  if (l.kind === 'port-out')
    want.push([
      'subscription cancellations',
      c.subscriptionsCancelledByClient[l.clientId as string] ?? 0,
      completed ? 1 : 0,
    ]);
  if (l.kind === 'partner-change')
    want.push(['partner change requests', c.pcrsCreatedByWaba[l.wabaId as string] ?? 0, completed ? 1 : 0]);
  return want
    .filter(([, got, expected]) => got !== expected)
    .map(([what, got, expected]) => `${l.kind} ${l.name}: ${what} ${got}, expected ${expected}`);
}
