/**
 * Port-ins parked at AWAITING_PIN that take wrong PINs for the whole run: the targets of the PIN
 * round-trip measurements (bench/pin-latency.ts, bench/cluster.ts, bench/observability-cost.ts).
 */
import { parkPortIn, portInInput } from './drivers';
import type { BenchStack } from './stack';

/** The simulator keeps accepting wrong codes and keeps the code valid for the whole run. */
export const PATIENT_PHONE = { maxWrongCodes: 1_000_000_000, codeValidityMs: 24 * 3600_000 };

/** A port-in parked at AWAITING_PIN with 100,000 PIN attempts, on a patient phone; with its valid code. */
export async function parkPatientPortIn(stack: BenchStack): ReturnType<typeof parkPortIn> {
  const input = portInInput(stack.sim, { timings: { maxPinAttempts: 100_000 } });
  await stack.sim.setScenario(input.phone.e164, PATIENT_PHONE);
  return parkPortIn(stack.client, stack.config.TEMPORAL_TASK_QUEUE, stack.sim, input);
}
