import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** The one business calendar's row. */
export const CALENDAR_ID = 'SHANGHAI';

/** A read of the business date found no calendar row: the database was never seeded. */
export function calendarNotInitialised(): Error {
  return new Error('The business calendar is not initialised; run the seed');
}

/** The business date: one row, advanced only by a conditional update from the expected date. */
@Injectable()
export class BusinessCalendarRepository {
  constructor(private readonly db: DataSource) {}

  async current(): Promise<string> {
    const rows: { business_date: string }[] = await this.db.query(
      `SELECT to_char(business_date, 'YYYY-MM-DD') AS business_date FROM business_calendar WHERE id = $1`,
      [CALENDAR_ID],
    );
    const row = rows[0];
    if (!row) throw calendarNotInitialised();
    return row.business_date;
  }

  /**
   * Today's business date and the read model's generation, in one statement: what a read
   * answered from a generation cache needs before it can answer, for one round trip.
   */
  async currentWithGeneration(): Promise<{ businessDate: string; generation: number }> {
    const rows: { business_date: string; generation: string }[] = await this.db.query(
      `SELECT to_char(c.business_date, 'YYYY-MM-DD') AS business_date, g.generation
         FROM business_calendar c CROSS JOIN read_model_generation g
        WHERE c.id = $1`,
      [CALENDAR_ID],
    );
    const row = rows[0];
    if (!row) throw calendarNotInitialised();
    return { businessDate: row.business_date, generation: Number(row.generation) };
  }

  /** Sets the first business date if none is set yet (seed); returns the date in force. */
  async initialise(date: string): Promise<string> {
    await this.db.query(
      `INSERT INTO business_calendar (id, business_date) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`,
      [CALENDAR_ID, date],
    );
    return this.current();
  }

  /**
   * Moves the date from `from` to `to` (to > from), in the caller's transaction when one is
   * given. Returns false when the date is no longer `from`: either this exact advance already
   * happened (a retry) or another one did.
   */
  async advance(
    from: string,
    to: string,
    advancedBy: string,
    manager?: EntityManager,
  ): Promise<boolean> {
    const work = async (tx: EntityManager) => {
      const result: [unknown[], number] = await tx.query(
        `UPDATE business_calendar SET business_date = $2, updated_at = now()
          WHERE id = $1 AND business_date = $3 AND $2::date > $3::date`,
        [CALENDAR_ID, to, from],
      );
      if (result[1] === 0) return false;
      await tx.query(
        `INSERT INTO business_date_history (business_date, previous_date, advanced_by) VALUES ($1, $2, $3)
         ON CONFLICT (business_date) DO NOTHING`,
        [to, from, advancedBy],
      );
      return true;
    };
    return manager ? work(manager) : this.db.transaction(work);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }
}
