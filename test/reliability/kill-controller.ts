/**
 * Kills the worker process (SIGKILL) at chosen moments and restarts it: a targeted kill the instant
 * a wanted `kind/activity` starts that no kill has hit yet, and periodic kills (only while some
 * execution is in flight) until enough kill points are reached. After each kill, the complete
 * output of the dead process says exactly which executions it interrupted (activity-ledger.ts).
 */
import { coverageKey, LiveActivities, unfinished, type ActivityExecution } from './activity-ledger';
import type { WorkerProcess } from './worker-process';

export interface KillPoint {
  inFlight: ActivityExecution[];
  /** Activities the server listed as pending right after the kill that were not running on the worker. */
  pendingNotInFlight: number;
}

export class KillController {
  /** `kind/activity` pairs some kill interrupted in flight. */
  readonly hit = new Set<string>();
  readonly points: KillPoint[] = [];
  /** Worker processes that died without a kill from the test, with the tail of their output. */
  readonly crashes: string[] = [];
  private readonly live = new LiveActivities();
  private armed = false;
  private upSince = 0;

  constructor(
    private readonly worker: WorkerProcess,
    private readonly wanted: ReadonlySet<string>,
    /** How many activities the server lists as pending now (all migrations under test). */
    private readonly pendingOnServer: () => Promise<number>,
  ) {
    worker.onLine = (line) => {
      const started = this.live.feed(line);
      if (!started || !this.armed) return;
      const key = coverageKey(started);
      if (this.wanted.has(key) && !this.hit.has(key)) {
        this.armed = false;
        worker.killNow();
      }
    };
  }

  async start(): Promise<void> {
    this.live.clear();
    this.armed = true;
    this.upSince = Date.now();
    await this.worker.start();
  }

  /** One round: restart after a targeted kill; or kill now if a periodic kill is due. */
  async tick(opts: { periodicEveryMs: number; periodic: boolean }): Promise<void> {
    if (this.worker.exitedOnItsOwn) {
      this.crashes.push(this.worker.output.slice(-2000));
      return this.start();
    }
    if (!this.worker.running) return this.recordAndRestart();
    if (opts.periodic && this.live.size > 0 && Date.now() - this.upSince > opts.periodicEveryMs) {
      this.worker.killNow();
      return this.recordAndRestart();
    }
  }

  /** Stops killing; leaves a worker running. */
  async settle(): Promise<void> {
    this.armed = false;
    this.worker.onLine = undefined;
    if (this.worker.exitedOnItsOwn) {
      this.crashes.push(this.worker.output.slice(-2000));
      await this.start();
    } else if (!this.worker.running) await this.recordAndRestart();
  }

  private async recordAndRestart(): Promise<void> {
    await this.worker.kill();
    const inFlight = unfinished(this.worker.lifetime);
    const pending = await this.pendingOnServer();
    this.points.push({ inFlight, pendingNotInFlight: Math.max(0, pending - inFlight.filter((e) => !e.local).length) });
    for (const e of inFlight) this.hit.add(coverageKey(e));
    await this.start();
  }

  /** One line for the test output: kills, in flight vs. only pending. */
  summary(): string {
    const inFlight = this.points.filter((p) => p.inFlight.length > 0);
    const executions = inFlight.reduce((n, p) => n + p.inFlight.length, 0);
    const pendingOnly = this.points.length - inFlight.length;
    const pendingSeen = this.points.reduce((n, p) => n + p.pendingNotInFlight, 0);
    return (
      `kill points survived: ${this.points.length} kills, ${inFlight.length} with activities in flight ` +
      `(${executions} executions interrupted, ${this.hit.size} flow/activity pairs), ${pendingOnly} with activities only pending; ` +
      `${pendingSeen} pending-but-not-in-flight activities seen at kills (not counted as hits)`
    );
  }
}
