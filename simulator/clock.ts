/**
 * Meta's clock in the simulator: wall time plus an offset the control API can advance
 * (`POST /_sim/clock {advanceMs}`), so tests cross a code's 10-minute validity or the 72-hour
 * register window without waiting. It moves Meta's times only (codes, register budget, template
 * status changes); 360dialog setup, tickets and partner changes keep wall time.
 */
export class SimClock {
  offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
