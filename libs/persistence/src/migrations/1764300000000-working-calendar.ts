import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working calendar (工作日): per year, the State Council notice it comes from and the dates
 * that notice names (holidays, and the weekend days worked instead). Every other day is a
 * working day from Monday to Friday. An administrator replaces a year as a whole; each
 * replacement is kept, before and after, in an insert-only history.
 */
export class WorkingCalendar1764300000000 implements MigrationInterface {
  name = 'WorkingCalendar1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE working_calendar_year (
        year              integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        notice_title      text NOT NULL CHECK (length(btrim(notice_title)) > 0),
        notice_reference  text,
        published_on      date,
        source_url        text,
        loaded_by         text NOT NULL,
        loaded_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE working_calendar (
        date              date PRIMARY KEY,
        year              integer NOT NULL REFERENCES working_calendar_year(year),
        kind              text NOT NULL CHECK (kind IN ('HOLIDAY','MAKE_UP_WORKDAY')),
        name              text NOT NULL CHECK (length(btrim(name)) > 0),
        notice_reference  text,
        CHECK (extract(year FROM date) = year),
        -- A weekday is a working day already; a make-up day is always a weekend day.
        CHECK (kind <> 'MAKE_UP_WORKDAY' OR extract(isodow FROM date) IN (6, 7))
      )`);
    await db.query(`CREATE INDEX working_calendar_year_idx ON working_calendar (year, date)`);
    await db.query(`
      CREATE TABLE working_calendar_change (
        id                bigserial PRIMARY KEY,
        year              integer NOT NULL,
        changed_by        text NOT NULL,
        changed_by_role   text NOT NULL,
        changed_at        timestamptz NOT NULL DEFAULT now(),
        before            jsonb,
        after             jsonb NOT NULL
      )`);
    await db.query(
      `CREATE INDEX working_calendar_change_year_idx ON working_calendar_change (year, id)`,
    );
    await db.query(`
      CREATE FUNCTION working_calendar_change_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'working_calendar_change is insert-only: % is refused', TG_OP
          USING HINT = 'The history of the working calendar is never changed.';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER working_calendar_change_insert_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON working_calendar_change
        FOR EACH STATEMENT EXECUTE FUNCTION working_calendar_change_refuse_change()`);
    // The audit migration's default privileges granted the application every right on new
    // tables: the calendar itself is replaced year by year, its history only grows.
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON working_calendar_change FROM ippledge_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS working_calendar_change`);
    await db.query(`DROP FUNCTION IF EXISTS working_calendar_change_refuse_change()`);
    await db.query(`DROP TABLE IF EXISTS working_calendar`);
    await db.query(`DROP TABLE IF EXISTS working_calendar_year`);
  }
}
