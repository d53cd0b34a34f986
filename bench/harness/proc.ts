/** Resource use of other processes (server, worker) from /proc, and of the machine as a whole. */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Resident set size in bytes, or NaN when the process is gone. */
export function rssBytes(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** User + system CPU seconds consumed so far by the process (all its threads). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

interface ProcStat {
  ppid: number;
  cpu: number;
  childCpu: number;
  cmdline: string;
}

/** Every process on the machine: parent, own CPU seconds, CPU seconds reaped from ended children. */
export function readProcs(): Map<number, ProcStat> {
  const out = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(Number(name), {
        ppid: Number(f[1]),
        cpu: (Number(f[11]) + Number(f[12])) / CLOCK_TICKS,
        childCpu: (Number(f[13]) + Number(f[14])) / CLOCK_TICKS,
        cmdline,
      });
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** The processes whose command line mentions `marker`, or are `roots`, and all their descendants. */
function processTree(procs: Map<number, ProcStat>, roots: number[], marker?: string): number[] {
  const set = new Set<number>(roots.filter((p) => procs.has(p)));
  if (marker) for (const [pid, p] of procs) if (p.cmdline.includes(marker)) set.add(pid);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs)
      if (!set.has(pid) && set.has(p.ppid)) {
        set.add(pid);
        grew = true;
      }
  }
  return [...set];
}

/**
 * CPU of a process tree (a server of several processes): its live members' own time plus what
 * they reaped from children that ended (PostgreSQL backends, the CLI's children).
 */
export function treeCpu(roots: () => number[], marker?: string): { cpu(): number; pids(): number[] } {
  const pids = () => processTree(readProcs(), roots(), marker);
  return {
    pids,
    cpu: () => {
      const procs = readProcs();
      return processTree(procs, roots(), marker).reduce((s, pid) => {
        const p = procs.get(pid);
        return s + (p ? p.cpu + p.childCpu : 0);
      }, 0);
    },
  };
}

/** CPU seconds of this process (driver, simulator and, where in-process, the client). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Snapshot of CPU seconds of several processes, to diff over a measurement window. */
export function cpuSnapshot(pids: Record<string, number | undefined>): Record<string, number> {
  const snap: Record<string, number> = { bench: selfCpuSeconds() };
  for (const [name, pid] of Object.entries(pids)) snap[name] = cpuSeconds(pid);
  return snap;
}

/** CPU cores used per process over a window: (cpu seconds delta) / (wall seconds). */
export function cpuCores(
  before: Record<string, number>,
  after: Record<string, number>,
  wallS: number,
): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((k) => [k, ((after[k] ?? 0) - (before[k] ?? 0)) / wallS]));
}

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  totalMemGiB: number;
  /** 1-minute load average at start and end: other people's test suites share this machine. */
  loadavgStart: number;
  loadavgEnd?: number;
  node: string;
  platform: string;
}

export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadavgStart: os.loadavg()[0] ?? NaN,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
