import type { Clock } from '../../src/core/ports.ts';

/** A clock tests move by hand, so explain timers and ordering are deterministic. */
export class FixedClock implements Clock {
  constructor(private current = new Date('2026-11-26T10:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}
