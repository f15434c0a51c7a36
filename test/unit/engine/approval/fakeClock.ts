import type { Clock } from '../../../../src/engine/approval/clock';

/** A clock that only moves when told to; scheduled callbacks fire in time order as it advances. */
export class FakeClock implements Clock {
  private time: number;
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, callback: () => void): () => void {
    const timer = { at: this.time + delayMs, seq: this.seq++, callback };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }

  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = target;
  }

  get scheduled(): number {
    return this.timers.length;
  }
}
