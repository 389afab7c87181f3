const TICK_MS = 30_000;

export interface Schedulable {
  /** Connections whose next sync is due. */
  due(now: number): { id: string; userId: string }[];
  /** Starts a sync unless one is running; resolves when it ends. */
  startSync(userId: string, id: string): Promise<void> | undefined;
}

/**
 * Syncs due connections every 30 s, one at a time (gentle on Questrade and on a small
 * server). The first look is jittered so restarted servers do not all call at once; each
 * connection's own next time is jittered too (see nextScheduledSync).
 */
export class QuestradeSchedule {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    private readonly target: Schedulable,
    private readonly now: () => number,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      void this.tick();
      this.timer = setInterval(() => void this.tick(), TICK_MS);
      this.timer.unref();
    }, Math.floor(Math.random() * TICK_MS));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const { id, userId } of this.target.due(this.now())) {
        const run = this.target.startSync(userId, id);
        if (run) await run;
      }
    } finally {
      this.ticking = false;
    }
  }
}
