/**
 * Session time that stands still while paused: frames carry it as `t`, so a pause is not mistaken for a very
 * slow repetition and the session's duration is the time spent exercising.
 */
export class ActiveClock {
  private banked = 0;
  private since: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get running(): boolean {
    return this.since !== null;
  }

  start(): void {
    if (this.since === null) this.since = this.now();
  }

  pause(): void {
    if (this.since === null) return;
    this.banked += this.now() - this.since;
    this.since = null;
  }

  /** Seconds counted so far. */
  seconds(): number {
    return (this.banked + (this.since === null ? 0 : this.now() - this.since)) / 1000;
  }
}
