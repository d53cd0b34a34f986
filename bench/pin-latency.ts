/**
 * PIN update round trip (`npm run bench:pin`): wrong PINs submitted through the `submitPin` update
 * to port-ins parked at AWAITING_PIN (each costs an attempt, so maxPinAttempts is 100000), one at a
 * time, interleaved with updates on parked baseline workflows, first with no other open migration,
 * then with `others` parked port-ins beside them.
 *
 * The baselines build the PIN's round trip up one part at a time, so the difference between two
 * neighbours is what that part costs: a bare update; + the sealed PIN as its argument (sealing, the
 * payload codec both ways); + a no-op local activity; the production `verifyPin` as that local
 * activity (unsealing, Meta's verify_code over HTTP to the simulator); the PIN itself (+ the port-in
 * workflow around it: validator, state, tracker).
 *
 * The SDK's floor beside them, in the same run: a bare worker with none of our code
 * (bench/sdk-floor-worker.ts) answering a plain update and one that runs a no-op local activity.
 * Their ratio is what checking the PIN with Meta inside the update costs at the least, before Meta.
 */
import path from 'node:path';
import { parseArgs } from './harness/args';
import {
  parkPortIn,
  portInInput,
  startParked,
  submitPin,
  waitForCount,
  wrongPin,
  type PortInHandle,
} from './harness/drivers';
import { serverNote, snapshot, windowStats } from './harness/probe';
import { machineInfo } from './harness/proc';
import { writeReport, type BenchReport } from './harness/report';
import { figures, KINDS, LABEL, type Kind, type Phase } from './harness/pin-figures';
import { main, withStack, workerInfo, type BenchStack } from './harness/stack';
import { now, pool, round, sleep, summarize } from './harness/stats';
import { parkPatientPortIn } from './harness/pin-targets';
import { startSdkFloor, type SdkFloor } from './harness/sdk-floor';
import { cdf, lineChart } from './harness/svg';
import { sealedPin } from '../test/harness/sealed-pin';
import {
  pingActivityUpdate,
  pingLocalActivityUpdate,
  pingSealedUpdate,
  pingUpdate,
  pingVerifyUpdate,
} from './workflows/baselines';

const args = parseArgs({ samples: 300, warmup: 20, targets: 5, others: 1000, gapMs: 20, concurrency: 50 });

type Target = { handle: PortInHandle; code: string; phoneNumberId: string };

/** A patient port-in parked at AWAITING_PIN, with the phone number ID verifyPin takes. */
async function parkTarget(stack: BenchStack) {
  const parked = await parkPatientPortIn(stack);
  const phoneNumberId = stack.sim.phoneNumberId(parked.e164);
  if (!phoneNumberId) throw new Error(`the simulator has no phone number ID for ${parked.e164}`);
  return { ...parked, phoneNumberId };
}

async function measure(
  stack: BenchStack,
  floor: SdkFloor,
  name: string,
  targets: Target[],
  parked: string[],
): Promise<Phase> {
  process.stderr.write(
    `[bench] ${name}: ${args.warmup} warm-up and ${args.samples} measured round trips of each kind\n`,
  );
  const phase: Phase = {
    name,
    samples: Object.fromEntries(KINDS.map((k) => [k, []])) as unknown as Record<Kind, number[]>,
    errors: [],
    window: undefined as unknown as Phase['window'],
  };
  const call = (kind: Kind, i: number): Promise<unknown> => {
    const target = targets[i % targets.length] as Target;
    const baseline = stack.client.workflow.getHandle(parked[i % parked.length] as string);
    if (kind === 'floorPing') return floor.ping(i);
    if (kind === 'floorLocal') return floor.pingLocal(i);
    if (kind === 'ping') return baseline.executeUpdate(pingUpdate, { args: [{ n: i }] });
    if (kind === 'pingActivity') return baseline.executeUpdate(pingActivityUpdate, { args: [{ n: i }] });
    if (kind === 'pingLocal') return baseline.executeUpdate(pingLocalActivityUpdate, { args: [{ n: i }] });
    const pin = sealedPin(wrongPin(target.code));
    if (kind === 'pingSealed') return baseline.executeUpdate(pingSealedUpdate, { args: [{ n: i, pin }] });
    if (kind === 'pingVerify')
      return baseline
        .executeUpdate(pingVerifyUpdate, { args: [{ phoneNumberId: target.phoneNumberId, pin }] })
        .then((r) => {
          if (r.status !== 'wrong') throw new Error(`expected "wrong", got ${r.status}`);
        });
    return submitPin(target.handle, wrongPin(target.code), 0).then((r) => {
      if (r.status !== 'wrong') throw new Error(`expected "wrong", got ${JSON.stringify(r)}`);
    });
  };
  let before = await snapshot(stack);
  for (let i = -args.warmup; i < args.samples; i++) {
    if (i === 0) before = await snapshot(stack);
    // Interleaved, one request at a time: every kind sees the same server and worker state.
    for (const kind of KINDS) {
      const t = now();
      try {
        await call(kind, i + args.warmup);
        if (i >= 0) phase.samples[kind].push(now() - t);
      } catch (err) {
        phase.errors.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
      }
      await sleep(args.gapMs);
    }
  }
  phase.window = windowStats(before, await snapshot(stack));
  return phase;
}

main(async () => {
  const report: BenchReport = {
    name: 'pin-latency',
    title: 'PIN update round trip on a parked port-in, against an update on a parked baseline',
    command: `npm run bench:pin -- --samples=${args.samples} --warmup=${args.warmup} --targets=${args.targets} --others=${args.others} --gap-ms=${args.gapMs}`,
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    params: { ...args },
    figures: [],
    notes: [],
  };
  const phases: Phase[] = [];
  await withStack({}, async (stack) => {
    report.server = stack.server.info;
    report.worker = await workerInfo(stack);
    const tq = stack.config.TEMPORAL_TASK_QUEUE;
    const targets = await Promise.all(Array.from({ length: args.targets }, () => parkTarget(stack)));
    const floor = await startSdkFloor(stack.server.info.address, {
      parked: args.targets,
      logFile: path.join(stack.server.dir, 'sdk-floor-worker.log'),
    });
    const parked = await Promise.all(
      Array.from({ length: args.targets }, (_, i) =>
        startParked(stack.client, tq, `park-${i}`).then((h) => h.workflowId),
      ),
    );
    await waitForCount(
      stack.client,
      `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN'`,
      args.targets,
      60_000,
    );
    phases.push(await measure(stack, floor, 'idle', targets, parked));
    if (args.others > 0) {
      process.stderr.write(`[bench] parking ${args.others} other port-ins\n`);
      const t = now();
      const { errors } = await pool(args.others, args.concurrency, () =>
        parkPortIn(stack.client, tq, stack.sim, portInInput(stack.sim)),
      );
      const query = `WorkflowType = 'portInWorkflow' AND MigrationStep = 'AWAITING_PIN'`;
      await waitForCount(stack.client, query, args.targets + args.others - errors.length, 600_000);
      report.notes.push(
        `Parked ${args.others} other port-ins in ${round((now() - t) / 1000, 1)} s (${errors.length} errors).`,
      );
      await sleep(2000);
      phases.push(await measure(stack, floor, `${args.others} open`, targets, parked));
    }
    await floor.stop();
    const errors = stack.server.errorSummary();
    report.notes.push(
      `Server log errors: ${errors.length ? errors.join('; ') : 'none'}; worker warnings/errors: ${JSON.stringify((await stack.worker.health()).logged)}`,
    );
  });
  report.figures = figures(phases);
  for (const p of phases)
    report.notes.push(
      `${p.name}: ${serverNote(p.window)}; worker CPU ${round(p.window.cores.worker, 2)} cores, server ${round(p.window.cores.server, 2)}.`,
    );
  report.data = {
    phases: phases.map((p) => ({
      name: p.name,
      ...Object.fromEntries(KINDS.map((k) => [k, summarize(p.samples[k])])),
      window: p.window,
      errors: p.errors.slice(0, 5),
    })),
  };
  const svg = lineChart({
    title: 'Update round trip (CDF)',
    xLabel: 'round trip (ms, log scale)',
    yLabel: 'fraction of requests',
    logX: true,
    series: phases.flatMap((p) => KINDS.map((k) => cdf(`${LABEL[k]}, ${p.name}`, p.samples[k]))),
  });
  writeReport(
    report,
    { latency: svg },
    phases.map((p) => ({ name: p.name, samples: p.samples })),
  );
});
