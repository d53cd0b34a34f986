/**
 * The batch's "current details" in the Web UI: counts by state, what the open items wait on, the
 * estimate. Rendered at most once per workflow task however many members reported in it.
 */
import { setCurrentDetails } from '@temporalio/workflow';
import type { BatchInput, BatchStatus } from '../../contracts/batch';

export function renderBatchDetails(input: BatchInput, status: () => BatchStatus) {
  let scheduled = false;
  const now = () => {
    scheduled = false;
    setCurrentDetails(markdown(input, status()));
  };
  return {
    now,
    soon: () => {
      if (scheduled) return;
      scheduled = true;
      void Promise.resolve().then(now);
    },
  };
}

function markdown(input: BatchInput, s: BatchStatus): string {
  const states = Object.entries(s.byState)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${state} ${n}`)
    .join(' · ');
  const outcomes = Object.entries(s.byOutcome)
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(' · ');
  const steps = Object.entries(s.byStep)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([step, n]) => `\`${step}\` ${n}`)
    .join(' · ');
  return [
    `**Batch ${input.batchId}** · ${s.state} · ${s.total} items · at most ${s.limits.concurrency} active`,
    // Four lines at most: what the Web UI's panel shows without scrolling.
    `Items: ${states}${outcomes ? ` (${outcomes})` : ''}`,
    steps && `Open at: ${steps}`,
    `On a person: ${s.waitingOnHuman} · escalated ${s.escalated}` +
      (s.estimatedEndAt ? ` · done about ${s.estimatedEndAt}` : ''),
  ]
    .filter(Boolean)
    .join('  \n');
}
