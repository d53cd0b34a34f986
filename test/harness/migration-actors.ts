/**
 * Plays the people around a migration of any kind in reliability tests: at each step it acts as
 * the requester, the client's admin or the destination partner would (a simulator action, a
 * signal, an update), some seconds into the step and, optionally, only once a gate opens (e.g.
 * "a worker kill has hit this step's poller"). Failed actions are tried again on the next round.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { MigrationStatus } from '../../contracts/migration';
import { PortInStep } from '../../contracts/port-in';
import type { SimulatorControl } from '../../simulator';
import { getStatusQuery, resendCodeUpdate, submitPinUpdate } from '../../contracts/messages';
import { sealedPin } from './sealed-pin';

export interface StepAct {
  /** What the person does; may run again until it resolves (unless `repeat`, then every round). */
  act: (status: MigrationStatus) => Promise<unknown>;
  /** Time in the step before acting (default 0). */
  dwellMs?: number;
  /** Acts only when this holds, or once `gateTimeoutMs` passed in the step. */
  gate?: () => boolean;
  repeat?: boolean;
}

export interface PlayOptions {
  gateTimeoutMs?: number;
  roundMs?: number;
}

/** Drives one migration to its end; resolves with its result (rejects as `handle.result()` does). */
export async function play<R>(
  handle: WorkflowHandle,
  acts: Partial<Record<string, StepAct>>,
  opts: PlayOptions = {},
): Promise<R> {
  const resultP = handle.result() as Promise<R>;
  let settled = false;
  // Observe the end without creating a second, unhandled rejection (the caller awaits resultP).
  void resultP.then(
    () => (settled = true),
    () => (settled = true),
  );
  const since = new Map<string, number>();
  const done = new Set<string>();
  while (!settled) {
    const status = await handle.query(getStatusQuery).catch(() => undefined);
    const a = status ? acts[status.step] : undefined;
    if (status && a && !done.has(status.step)) {
      const entered = since.get(status.step) ?? Date.now();
      since.set(status.step, entered);
      const inStep = Date.now() - entered;
      const gateOpen = !a.gate || a.gate() || inStep > (opts.gateTimeoutMs ?? 60_000);
      if (inStep >= (a.dwellMs ?? 0) && gateOpen) {
        const ok = await a.act(status).then(
          () => true,
          () => false,
        );
        if (ok && !a.repeat) done.add(status.step);
      }
    }
    await new Promise((r) => setTimeout(r, opts.roundMs ?? 400));
  }
  return resultP;
}

/**
 * The phone's owner at the PIN step: submits the newest code from the inbox (once per code), asks
 * for a resend when none arrived within 5 s. `when` holds the PIN back (e.g. until escalated).
 */
export function pinAct(
  sim: SimulatorControl,
  handle: WorkflowHandle,
  e164: string,
  when?: (s: MigrationStatus) => boolean,
): StepAct {
  let submitted: string | undefined;
  let lastAction = Date.now();
  return {
    repeat: true,
    act: async (status) => {
      const code = (await sim.inbox(e164)).at(-1)?.code;
      if (code && code !== submitted) {
        if (when && !when(status)) return;
        submitted = code;
        lastAction = Date.now();
        await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(code) }] });
      } else if (Date.now() - lastAction > 5000) {
        // No code, or the last one did not verify: ask for another (the validator refuses it at a later step).
        lastAction = Date.now();
        await handle.executeUpdate(resendCodeUpdate, { args: [{}] });
      }
    },
  };
}

export const PIN_STEP = PortInStep.AWAITING_PIN;
