/** Duration arithmetic inside workflows (Temporal's `ms` format: '90s', '1h', '72 hours', or ms). */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Duration } from '../../contracts/migration';

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

export function toMs(d: Duration): number {
  if (typeof d === 'number') return d;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(d);
  const unit = m?.[2] ? UNITS[m[2].toLowerCase()] : 1;
  if (!m || unit === undefined) throw ApplicationFailure.nonRetryable(`invalid duration "${d}"`, 'InvalidDuration');
  return Math.round(Number(m[1]) * unit);
}
