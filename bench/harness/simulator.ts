/**
 * The external-world simulator on port 0, in the benchmark's process. The phone's inbox is read
 * from its in-memory state (no HTTP per poll, so waiting for a PIN costs the system nothing);
 * scenarios and human actions go through its control client (the documented control API).
 */
import { SimulatorControl, startSimulator, type RunningSimulator } from '../../simulator';

export interface BenchSimulator {
  url: string;
  control: SimulatorControl;
  /** The newest code the phone received, if any. */
  latestCode(e164: string): string | undefined;
  /** Meta's phone number ID of a number the simulator knows. */
  phoneNumberId(e164: string): string | undefined;
  setScenario: SimulatorControl['setScenario'];
  close(): Promise<void>;
}

export async function startBenchSimulator(): Promise<BenchSimulator> {
  const sim: RunningSimulator = await startSimulator({ port: 0 });
  const control = new SimulatorControl(sim.url);
  return {
    url: sim.url,
    control,
    latestCode: (e164) => sim.state.inbox(e164).at(-1)?.code,
    phoneNumberId: (e164) => sim.state.findNumber(e164)?.phoneNumberId,
    setScenario: control.setScenario,
    close: () => sim.close(),
  };
}
