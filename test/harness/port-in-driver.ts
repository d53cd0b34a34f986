/** Plays the people around a port-in in reliability tests: the phone's owner and the client's admin. */
import type { WorkflowHandle } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import type { SimulatorControl } from '../../simulator';
import type { portInWorkflow } from '../../workflows';
import { resendCodeUpdate, submitPinUpdate } from '../../contracts/messages';
import { sealedPin } from './sealed-pin';

/** Drives one port-in to its end as its people would: reads the PIN from the inbox (resends if none came) and submits it. */
export async function drive(
  sim: SimulatorControl,
  handle: WorkflowHandle<typeof portInWorkflow>,
  e164: string,
  pinDelayMs: number,
  human?: { step: string; act: (e164: string) => Promise<unknown> },
) {
  const resultP = handle.result();
  let settled = false;
  // Observe the end without creating a second, unhandled rejection (the caller awaits resultP).
  void resultP.then(
    () => (settled = true),
    () => (settled = true),
  );
  let waitingSince = 0;
  let humanSince = 0;
  while (!settled) {
    const status = (await handle.query('getStatus').catch(() => undefined)) as
      { step?: string; escalated?: boolean } | undefined;
    // The human acts some seconds into their wait, so the poller is in flight across kills.
    if (human && status?.step === human.step) {
      humanSince ||= Date.now();
      if (Date.now() - humanSince > 8000) await human.act(e164).catch(() => undefined);
    }
    if (status?.step === PortInStep.AWAITING_PIN) {
      waitingSince ||= Date.now();
      const code = (await sim.inbox(e164)).at(-1)?.code;
      // A late PIN (pinDelayMs) comes only once the escalation is recorded: a fired timer and an update
      // in the same workflow task, after a task timeout, trip an SDK-core replay bug (sdk-rust#943 family).
      const late = pinDelayMs > 0;
      if (code && Date.now() - waitingSince >= pinDelayMs && (!late || status.escalated)) {
        await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(code) }] }).catch(() => undefined);
      } else if (!code && Date.now() - waitingSince > 5000) {
        await handle.executeUpdate(resendCodeUpdate, { args: [{}] }).catch(() => undefined);
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return resultP;
}
