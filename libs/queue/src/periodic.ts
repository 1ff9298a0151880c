import type { Logger } from '@nestjs/common';

/**
 * Background work of the worker process that repeats every so often (the outbox's dispatch and
 * sweep, the export sweep): never two runs of one task at once, a failed run logged and the next
 * one scheduled, and `stop()` waiting for the runs in progress so shutdown leaves no query behind.
 */
export class Periodic {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly logger: Logger) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Runs `work` every `intervalMs` (the first time after one interval) until `stop()`. */
  every(intervalMs: number, failureMessage: string, work: () => Promise<void>): void {
    const tick = () => {
      const run = work()
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error instanceof Error ? error.message : String(error) },
            failureMessage,
          ),
        )
        .finally(() => {
          this.running.delete(run);
          if (!this.stopped) this.schedule(tick, intervalMs);
        });
      this.running.add(run);
    };
    this.schedule(tick, intervalMs);
  }

  private schedule(tick: () => void, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      tick();
    }, delayMs);
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.running]);
  }
}
