import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables the work inbox reads that the read model's generation did not yet count: a commit
 * writing any of them now moves the generation on too, so an inbox page cached at one
 * generation stays exact until the next. (`working_day_ordinal` is written only by writes to
 * the calendar's tables, which are counted already.)
 */
export const INBOX_GENERATION_TABLES = [
  'default_proposal',
  'compensation_claim',
  'organisation',
  'disposal',
  'disposal_round',
  'disposal_event',
  'disposal_write_off_approval',
  'top_up',
  'work_item',
  'task_sla',
] as const;

/**
 * Working-day ordinals, stored: per run of consecutive covered years (an island), each date
 * numbered by the working days up to and including it, so that N working days after a date is
 * the working day numbered N higher, and the working days left until a deadline is the
 * difference. Days of uncovered years have no row: their deadlines stay null rather than guessed.
 *
 * The calendar changes a few times a year and the inbox reads the numbers on every request, so
 * they are computed when the calendar is written, not when it is read: any statement writing
 * `working_calendar` or `working_calendar_year` rebuilds the table inside its own transaction,
 * so a reader sees the numbers of exactly the calendar its snapshot sees.
 *
 * Also: the inbox's other tables join the read model's generation (`INBOX_GENERATION_TABLES`).
 */
export class WorkingDayOrdinal1764780000000 implements MigrationInterface {
  name = 'WorkingDayOrdinal1764780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE working_day_ordinal (
        day      date PRIMARY KEY,
        island   integer NOT NULL,
        working  boolean NOT NULL,
        n        integer NOT NULL
      )`);
    // The deadline N working days on: the working day of the same island numbered N higher.
    await db.query(
      `CREATE INDEX working_day_ordinal_working_idx ON working_day_ordinal (island, n) INCLUDE (day) WHERE working`,
    );
    // The lock orders concurrent rebuilds: the second waits, then deletes what the first wrote.
    await db.query(`
      CREATE FUNCTION working_day_ordinal_fill() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        LOCK TABLE working_day_ordinal IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM working_day_ordinal;
        INSERT INTO working_day_ordinal (day, island, working, n)
        SELECT day, island, working, sum(working::int) OVER (PARTITION BY island ORDER BY day)::int
          FROM (SELECT g::date AS day, y.island,
                       CASE WHEN w.kind IS NOT NULL THEN w.kind = 'MAKE_UP_WORKDAY'
                            ELSE extract(isodow FROM g) < 6 END AS working
                  FROM (SELECT year, (year - row_number() OVER (ORDER BY year))::int AS island
                          FROM working_calendar_year) y
                 CROSS JOIN LATERAL generate_series(make_date(y.year, 1, 1), make_date(y.year, 12, 31),
                                                    interval '1 day') g
                  LEFT JOIN working_calendar w ON w.date = g::date) days;
      END $$`);
    await db.query(`
      CREATE FUNCTION working_day_ordinal_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM working_day_ordinal_fill();
        RETURN NULL;
      END $$`);
    for (const table of ['working_calendar_year', 'working_calendar']) {
      await db.query(
        `CREATE TRIGGER working_day_ordinal_rebuild AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION working_day_ordinal_rebuild()`,
      );
    }
    // The calendar already loaded.
    await db.query(`SELECT working_day_ordinal_fill()`);
    // Planned with its statistics from the first request, not after autovacuum's first pass.
    await db.query(`ANALYZE working_day_ordinal`);

    // As the read model's migration does for its tables: bumped at commit, and by TRUNCATE.
    for (const table of INBOX_GENERATION_TABLES) {
      await db.query(
        `CREATE CONSTRAINT TRIGGER read_model_generation AFTER INSERT OR UPDATE OR DELETE ON ${table}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION read_model_generation_bump()`,
      );
      await db.query(
        `CREATE TRIGGER read_model_generation_truncate AFTER TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION read_model_generation_bump()`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of INBOX_GENERATION_TABLES) {
      await db.query(`DROP TRIGGER read_model_generation_truncate ON ${table}`);
      await db.query(`DROP TRIGGER read_model_generation ON ${table}`);
    }
    for (const table of ['working_calendar_year', 'working_calendar']) {
      await db.query(`DROP TRIGGER working_day_ordinal_rebuild ON ${table}`);
    }
    await db.query(`DROP FUNCTION working_day_ordinal_rebuild()`);
    await db.query(`DROP FUNCTION working_day_ordinal_fill()`);
    await db.query(`DROP TABLE working_day_ordinal`);
  }
}
