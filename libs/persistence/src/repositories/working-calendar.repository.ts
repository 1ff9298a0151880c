import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../../../audit/src/audit-log';
import type { AuditActor } from '../../../audit/src/canonical';
import type { BusinessDate } from '../../../domain/src/business-date';
import {
  buildWorkingCalendar,
  type WorkingCalendar,
  type WorkingCalendarEntry,
  type WorkingCalendarEntryKind,
} from '../../../domain/src/calendar/working-calendar';

/** The notice a year's entries come from, as stored. */
export interface WorkingCalendarNotice {
  title: string;
  /** 文号; null when not known. */
  reference: string | null;
  publishedOn: BusinessDate | null;
  sourceUrl: string | null;
}

export interface WorkingCalendarYear {
  year: number;
  notice: WorkingCalendarNotice;
  loadedBy: string;
  /** UTC instant, ISO-8601. */
  loadedAt: string;
  entries: WorkingCalendarEntry[];
}

/** One replacement of a year, as the history keeps it. */
export interface WorkingCalendarChange {
  id: number;
  year: number;
  changedBy: string;
  changedByRole: string;
  changedAt: string;
  /** The year before the change; null when it was first loaded. */
  before: YearSnapshot | null;
  after: YearSnapshot;
}

interface YearSnapshot {
  notice: WorkingCalendarNotice;
  entries: WorkingCalendarEntry[];
}

interface EntryRow {
  date: string;
  kind: WorkingCalendarEntryKind;
  name: string;
}

interface YearRow {
  year: number;
  notice_title: string;
  notice_reference: string | null;
  published_on: string | null;
  source_url: string | null;
  loaded_by: string;
  loaded_at: Date;
}

const ENTRY_COLUMNS = `to_char(date, 'YYYY-MM-DD') AS date, kind, name`;
const YEAR_COLUMNS = `year, notice_title, notice_reference,
  to_char(published_on, 'YYYY-MM-DD') AS published_on, source_url, loaded_by, loaded_at`;

/** Key of the transaction-scoped advisory lock that serialises replacements of the calendar. */
const CALENDAR_LOCK = 132172711706988;

/**
 * The working calendar: read as a {@link WorkingCalendar} for the domain's working-day rules,
 * replaced a year at a time by an administrator (or the seed) with its history row and audit
 * entry in the same transaction.
 */
@Injectable()
export class WorkingCalendarRepository {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The loaded years within `fromYear`–`toYear` and their entries. A year in that range with no
   * notice is simply not covered, and the domain refuses its dates.
   */
  async read(fromYear: number, toYear: number, manager?: EntityManager): Promise<WorkingCalendar> {
    const q = manager ?? this.db.manager;
    const years: { year: number }[] = await q.query(
      `SELECT year FROM working_calendar_year WHERE year BETWEEN $1 AND $2 ORDER BY year`,
      [fromYear, toYear],
    );
    const entries: EntryRow[] = await q.query(
      `SELECT ${ENTRY_COLUMNS} FROM working_calendar WHERE year BETWEEN $1 AND $2 ORDER BY date`,
      [fromYear, toYear],
    );
    return buildWorkingCalendar({ years: years.map((r) => r.year), entries });
  }

  /** One year with its notice, or null when no notice is loaded for it. */
  async year(year: number, manager?: EntityManager): Promise<WorkingCalendarYear | null> {
    const q = manager ?? this.db.manager;
    const rows: YearRow[] = await q.query(
      `SELECT ${YEAR_COLUMNS} FROM working_calendar_year WHERE year = $1`,
      [year],
    );
    const row = rows[0];
    if (!row) return null;
    const entries: EntryRow[] = await q.query(
      `SELECT ${ENTRY_COLUMNS} FROM working_calendar WHERE year = $1 ORDER BY date`,
      [year],
    );
    return {
      year: row.year,
      notice: {
        title: row.notice_title,
        reference: row.notice_reference,
        publishedOn: row.published_on,
        sourceUrl: row.source_url,
      },
      loadedBy: row.loaded_by,
      loadedAt: new Date(row.loaded_at).toISOString(),
      entries,
    };
  }

  /** Loaded years, ascending. */
  async years(): Promise<number[]> {
    const rows: { year: number }[] = await this.db.query(
      `SELECT year FROM working_calendar_year ORDER BY year`,
    );
    return rows.map((r) => r.year);
  }

  /** The replacements of a year, oldest first. */
  async history(year: number): Promise<WorkingCalendarChange[]> {
    const rows: {
      id: string;
      year: number;
      changed_by: string;
      changed_by_role: string;
      changed_at: Date;
      before: YearSnapshot | null;
      after: YearSnapshot;
    }[] = await this.db.query(
      `SELECT id, year, changed_by, changed_by_role, changed_at, before, after
         FROM working_calendar_change WHERE year = $1 ORDER BY id`,
      [year],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      year: r.year,
      changedBy: r.changed_by,
      changedByRole: r.changed_by_role,
      changedAt: new Date(r.changed_at).toISOString(),
      before: r.before,
      after: r.after,
    }));
  }

  /**
   * Replaces a year's notice and entries in one transaction: the year's old rows are read under a
   * lock and replaced, the change is added to the history, and the audit entry is appended last
   * (it holds the chain lock until commit). `actor` null is the system (the seed). The entries
   * come checked by `validateYearEntries`; the table's CHECK constraints stand behind it.
   */
  async replaceYear(input: {
    year: number;
    notice: WorkingCalendarNotice;
    entries: readonly WorkingCalendarEntry[];
    actor: AuditActor | null;
  }): Promise<WorkingCalendarChange> {
    const entries = [...input.entries];
    const changedBy = input.actor?.userId ?? 'SYSTEM';
    const changedByRole = input.actor?.role ?? 'SYSTEM';
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${CALENDAR_LOCK})`);
      const previous = await this.year(input.year, tx);
      const before: YearSnapshot | null = previous
        ? { notice: previous.notice, entries: previous.entries }
        : null;
      const after: YearSnapshot = { notice: input.notice, entries };
      await tx.query(
        `INSERT INTO working_calendar_year
           (year, notice_title, notice_reference, published_on, source_url, loaded_by, loaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (year) DO UPDATE SET
           notice_title = EXCLUDED.notice_title, notice_reference = EXCLUDED.notice_reference,
           published_on = EXCLUDED.published_on, source_url = EXCLUDED.source_url,
           loaded_by = EXCLUDED.loaded_by, loaded_at = EXCLUDED.loaded_at`,
        [
          input.year,
          input.notice.title,
          input.notice.reference,
          input.notice.publishedOn,
          input.notice.sourceUrl,
          changedBy,
        ],
      );
      await tx.query(`DELETE FROM working_calendar WHERE year = $1`, [input.year]);
      if (entries.length > 0) {
        await tx.query(
          `INSERT INTO working_calendar (date, year, kind, name, notice_reference)
           SELECT d, $1, k, n, $2
             FROM unnest($3::date[], $4::text[], $5::text[]) AS e(d, k, n)`,
          [
            input.year,
            input.notice.reference,
            entries.map((e) => e.date),
            entries.map((e) => e.kind),
            entries.map((e) => e.name),
          ],
        );
      }
      const inserted: { id: string; changed_at: Date }[] = await tx.query(
        `INSERT INTO working_calendar_change (year, changed_by, changed_by_role, before, after)
         VALUES ($1, $2, $3, $4, $5) RETURNING id, changed_at`,
        [input.year, changedBy, changedByRole, JSON.stringify(before), JSON.stringify(after)],
      );
      const change = inserted[0]!;
      await this.audit.append(
        {
          actor: input.actor,
          action: 'WORKING_CALENDAR_REPLACED',
          subjectType: 'WORKING_CALENDAR',
          subjectId: String(input.year),
          payload: {
            changeId: Number(change.id),
            notice: input.notice,
            ...summarise(before?.entries ?? [], entries),
          },
          sourceKey: `working-calendar:${input.year}:${change.id}`,
        },
        tx,
      );
      return {
        id: Number(change.id),
        year: input.year,
        changedBy,
        changedByRole,
        changedAt: new Date(change.changed_at).toISOString(),
        before,
        after,
      };
    });
  }
}

/** What a replacement changed, date by date, for the audit entry. */
function summarise(
  before: readonly WorkingCalendarEntry[],
  after: readonly WorkingCalendarEntry[],
): { added: string[]; removed: string[]; changed: string[]; entries: number } {
  const old = new Map(before.map((e) => [e.date, e]));
  const next = new Map(after.map((e) => [e.date, e]));
  const added = after.filter((e) => !old.has(e.date)).map((e) => e.date);
  const removed = before.filter((e) => !next.has(e.date)).map((e) => e.date);
  const changed = after
    .filter((e) => {
      const o = old.get(e.date);
      return o !== undefined && (o.kind !== e.kind || o.name !== e.name);
    })
    .map((e) => e.date);
  return { added, removed, changed, entries: after.length };
}
