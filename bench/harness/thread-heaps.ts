/**
 * What the bench worker's memory is made of, from inside it (bench/worker-process.ts, BENCH_THREAD_HEAPS=1):
 * its main isolate's V8 heap and the heaps of the SDK's workflow threads, which run the workflows in
 * worker_threads with V8 isolates of their own (`workflowThreadPoolSize`, one thread by default with
 * `reuseV8Context`). Node 20 has no `Worker.getHeapStatistics()`, so the workflow threads are started
 * with a probe: `installThreadProbe()` wraps `worker_threads.Worker` before the SDK creates its
 * threads, and each workflow thread first opens a BroadcastChannel on which it answers with its own
 * `v8.getHeapStatistics()` (after a full GC when asked), then loads the SDK's thread module as before.
 * The SDK's messages to the thread are untouched. Heap snapshots: `v8.writeHeapSnapshot` for the main
 * isolate, `Worker.getHeapSnapshot()` for each thread.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import workerThreads from 'node:worker_threads';

/** One isolate's heap, in bytes (v8.getHeapStatistics), with its spaces. */
export interface IsolateHeap {
  threadId: number;
  /** Committed and resident (total_physical_size): what the heap adds to RSS. */
  physical: number;
  total: number;
  used: number;
  external: number;
  /** V8's own malloc'ed memory (not the JS heap). */
  malloced: number;
  nativeContexts: number;
  /** Contexts no longer referenced by the embedder but not yet collected: a context leak if they pile up. */
  detachedContexts: number;
  spaces: Record<string, { size: number; used: number }>;
}

/** What the health endpoint's /memory answers. */
export interface WorkerMemory {
  /** process.memoryUsage() of the worker process (heap figures: its main isolate only). */
  process: NodeJS.MemoryUsage;
  /** /proc/self/status: anonymous, file-backed and shared resident memory, and the peak, in bytes. */
  status: { rssAnon: number; rssFile: number; rssShmem: number; hwm: number };
  main: IsolateHeap;
  /** One per workflow thread that answered (all of them unless one is stuck in a long activation). */
  threads: IsolateHeap[];
  gc: boolean;
}

const CHANNEL = 'bench-thread-heaps';
const THREAD_MODULE = /workflow-worker-thread(\.js)?$/;
const threads = new Set<workerThreads.Worker>();
let gcFn: (() => void) | undefined;

/** The current isolate's heap; after a full GC when `gc`. */
export function isolateHeap(gc = false): IsolateHeap {
  if (gc) {
    if (!gcFn) {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    }
    gcFn();
  }
  const h = v8.getHeapStatistics();
  return {
    threadId: workerThreads.threadId,
    physical: h.total_physical_size,
    total: h.total_heap_size,
    used: h.used_heap_size,
    external: h.external_memory,
    malloced: h.malloced_memory,
    nativeContexts: h.number_of_native_contexts,
    detachedContexts: h.number_of_detached_contexts,
    spaces: Object.fromEntries(
      v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]),
    ),
  };
}

/**
 * Runs first in each workflow thread (plain JS: the thread evaluates it as a string), then loads the
 * SDK's module. Same figures as isolateHeap(); only `ask` messages are answered (the other threads'
 * answers reach every thread too).
 */
function probe(threadModule: string): string {
  return `
const { BroadcastChannel, threadId } = require('node:worker_threads');
const v8 = require('node:v8');
const vm = require('node:vm');
let gc;
const channel = new BroadcastChannel(${JSON.stringify(CHANNEL)});
channel.unref();
channel.onmessage = ({ data }) => {
  if (data?.kind !== 'ask') return;
  if (data.gc) {
    if (!gc) { v8.setFlagsFromString('--expose-gc'); gc = vm.runInNewContext('gc'); }
    gc();
  }
  const h = v8.getHeapStatistics();
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
  channel.postMessage({ kind: 'heap', id: data.id, heap: {
    threadId, physical: h.total_physical_size, total: h.total_heap_size, used: h.used_heap_size,
    external: h.external_memory, malloced: h.malloced_memory, nativeContexts: h.number_of_native_contexts,
    detachedContexts: h.number_of_detached_contexts, spaces } });
};
require(${JSON.stringify(threadModule)});
`;
}

/** Wraps worker_threads.Worker (before Worker.create) so that the SDK's workflow threads carry the probe. */
export function installThreadProbe(): void {
  const Original = workerThreads.Worker;
  class Probed extends Original {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      const file = filename instanceof URL ? filename.pathname : filename;
      const workflowThread = THREAD_MODULE.test(file) && !options?.eval;
      super(workflowThread ? probe(file) : filename, workflowThread ? { ...options, eval: true } : options);
      if (!workflowThread) return;
      threads.add(this);
      this.once('exit', () => threads.delete(this));
    }
  }
  // The SDK reads `Worker` off the module object when it creates its threads.
  Object.assign(workerThreads, { Worker: Probed });
}

let asks = 0;
/** Every workflow thread's heap (after a full GC in each when `gc`); those that do not answer in time are left out. */
export async function threadHeaps(gc = false, timeoutMs = 10_000): Promise<IsolateHeap[]> {
  const expected = threads.size;
  if (!expected) return [];
  const id = ++asks;
  const channel = new workerThreads.BroadcastChannel(CHANNEL);
  const heaps: IsolateHeap[] = [];
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      channel.onmessage = (ev) => {
        const data = (ev as MessageEvent).data as { kind?: string; id?: number; heap: IsolateHeap };
        if (data.kind !== 'heap' || data.id !== id) return;
        heaps.push(data.heap);
        if (heaps.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
      };
      channel.postMessage({ kind: 'ask', id, gc });
    });
  } finally {
    channel.close();
  }
  return heaps.sort((a, b) => a.threadId - b.threadId);
}

function procStatus(): WorkerMemory['status'] {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN) * 1024;
  return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), rssShmem: kb('RssShmem'), hwm: kb('VmHWM') };
}

/** The whole picture: threads first (a GC there frees what the main thread holds for them), then the main isolate. */
export async function workerMemory(gc = false): Promise<WorkerMemory> {
  const threadList = await threadHeaps(gc);
  const main = isolateHeap(gc);
  return { process: process.memoryUsage(), status: procStatus(), main, threads: threadList, gc };
}

/** Heap snapshots of the main isolate and of every workflow thread, written under `dir`; their paths. */
export async function heapSnapshots(dir: string, tag: string): Promise<string[]> {
  const files = [v8.writeHeapSnapshot(path.join(dir, `${tag}-main.heapsnapshot`))];
  for (const t of threads) {
    const file = path.join(dir, `${tag}-thread-${t.threadId}.heapsnapshot`);
    await pipeline(await t.getHeapSnapshot(), createWriteStream(file));
    files.push(file);
  }
  return files;
}
