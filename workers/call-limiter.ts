/**
 * In-process limits on calls: at most `concurrency` at once (a semaphore) and at most
 * `callsPerSecond` started per second (a token bucket, burst max(1, callsPerSecond), full at start).
 * Waiters are served first come, first served. Plain TypeScript, no Temporal: unit-tested alone.
 */
export interface CallLimits {
  concurrency: number;
  callsPerSecond: number;
}

interface Waiter {
  grant(): void;
}

export class CallLimiter {
  private inFlight = 0;
  private tokens: number;
  private refilledAt: number;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When it last had nothing running or waiting; undefined while busy. */
  private idleAt: number | undefined;

  constructor(
    private limits: CallLimits,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.refilledAt = now();
    this.tokens = this.burst;
    this.idleAt = this.refilledAt;
  }

  /** Runs `task` once a permit and a token are free; a wait ended by `signal` rejects with its reason. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.inFlight--;
      this.pump();
    }
  }

  /** Newer limits (a batch whose limits changed) apply to calls not yet started. */
  update(limits: CallLimits): void {
    if (limits.concurrency === this.limits.concurrency && limits.callsPerSecond === this.limits.callsPerSecond) return;
    this.refill();
    this.limits = limits;
    this.tokens = Math.min(this.tokens, this.burst);
    this.pump();
  }

  /** Milliseconds since it last had nothing running or waiting; 0 while busy. */
  idleFor(): number {
    return this.idleAt === undefined ? 0 : this.now() - this.idleAt;
  }

  get running(): number {
    return this.inFlight;
  }

  get waiting(): number {
    return this.queue.length;
  }

  private get burst(): number {
    return Math.max(1, this.limits.callsPerSecond);
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.idleAt = undefined;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        this.pump();
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.refilledAt) * this.limits.callsPerSecond) / 1000);
    this.refilledAt = t;
  }

  /** Grants what the limits allow now, and sets one timer for the next token if someone still waits. */
  private pump(): void {
    this.refill();
    while (this.queue.length > 0 && this.inFlight < this.limits.concurrency && this.tokens >= 1) {
      this.tokens -= 1;
      this.inFlight++;
      this.queue.shift()?.grant();
    }
    if (this.queue.length === 0 && this.inFlight === 0) this.idleAt ??= this.now();
    const starvedOfTokens = this.queue.length > 0 && this.inFlight < this.limits.concurrency;
    if (starvedOfTokens && this.timer === undefined) {
      const ms = Math.ceil(((1 - this.tokens) * 1000) / this.limits.callsPerSecond);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, ms);
    }
  }
}

/** One limiter per key (a batch ID); a limiter idle for `idleMs` is dropped on the next lookup. */
export class CallLimiters {
  private readonly limiters = new Map<string, CallLimiter>();

  constructor(
    private readonly idleMs = 10 * 60_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(key: string, limits: CallLimits): CallLimiter {
    this.dropIdle();
    let limiter = this.limiters.get(key);
    if (limiter) limiter.update(limits);
    else this.limiters.set(key, (limiter = new CallLimiter(limits, this.now)));
    return limiter;
  }

  has(key: string): boolean {
    return this.limiters.has(key);
  }

  get size(): number {
    return this.limiters.size;
  }

  /** Sweeps on lookup rather than on a timer: no timer keeps the process alive or needs stopping. */
  dropIdle(): void {
    for (const [key, limiter] of this.limiters) if (limiter.idleFor() >= this.idleMs) this.limiters.delete(key);
  }
}
