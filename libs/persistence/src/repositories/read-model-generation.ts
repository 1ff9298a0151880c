import type { DataSource, EntityManager } from 'typeorm';

// The tables whose writes move the generation on are listed where their triggers are made:
// migrations 1764740000000 (the case list's and indicators') and 1764780000000 (the inbox's).

/** The read model's generation as of the caller's snapshot (see the migration that adds it). */
export async function readModelGeneration(db: DataSource | EntityManager): Promise<number> {
  const [row]: { generation: string }[] = await db.query(
    `SELECT generation FROM read_model_generation`,
  );
  return Number(row!.generation);
}

/**
 * Answers computed at one read-model generation, kept until the generation moves on. Callers
 * asking for the same key at the same generation share one computation (single flight). An
 * answer is stored under the generation its computation read, not the one its caller saw, so a
 * write committed in between never leaves a stale answer under a newer generation.
 */
export class GenerationCache<T> {
  private readonly done = new Map<string, { generation: number; value: T }>();
  private readonly running = new Map<string, Promise<{ generation: number; value: T }>>();
  private newest = 0;

  constructor(private readonly maxEntries = 256) {}

  /**
   * The answer of `key` at `generation`: cached, joined while it is being computed, or computed
   * by `compute`, which returns the generation it read with the value.
   */
  async get(
    key: string,
    generation: number,
    compute: () => Promise<{ generation: number; value: T }>,
  ): Promise<T> {
    this.forgetBefore(generation);
    const cached = this.done.get(key);
    if (cached && cached.generation === generation) return cached.value;
    const flightKey = `${generation}\u0000${key}`;
    let flight = this.running.get(flightKey);
    if (!flight) {
      flight = compute().finally(() => this.running.delete(flightKey));
      this.running.set(flightKey, flight);
      void flight.then(
        (result) => this.store(key, result),
        () => undefined,
      );
    }
    return (await flight).value;
  }

  private store(key: string, result: { generation: number; value: T }): void {
    if (result.generation < this.newest) return;
    this.forgetBefore(result.generation);
    if (this.done.size >= this.maxEntries) this.done.delete(this.done.keys().next().value!);
    this.done.set(key, result);
  }

  /** Generations only grow: answers of older ones are never asked for again. */
  private forgetBefore(generation: number): void {
    if (generation <= this.newest) return;
    this.newest = generation;
    for (const [key, entry] of this.done) if (entry.generation < generation) this.done.delete(key);
  }
}
