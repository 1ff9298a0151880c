import type { EntityManager } from 'typeorm';
import { entriesOfNotice, HOLIDAY_NOTICES } from '../../../domain/src/calendar/holiday-notices';
import { validateYearEntries } from '../../../domain/src/calendar/working-calendar';

/**
 * Loads each transcribed notice whose year is not loaded yet, with its history row (changed by
 * SEED, nothing before). A year already there — seeded before, or edited by an administrator —
 * is left alone, so seeding twice changes nothing.
 */
export async function seedWorkingCalendar(tx: EntityManager): Promise<void> {
  for (const notice of HOLIDAY_NOTICES) {
    const entries = validateYearEntries(notice.year, entriesOfNotice(notice));
    const inserted: unknown[] = await tx.query(
      `INSERT INTO working_calendar_year
         (year, notice_title, notice_reference, published_on, source_url, loaded_by)
       VALUES ($1, $2, $3, $4, $5, 'SEED')
       ON CONFLICT (year) DO NOTHING RETURNING year`,
      [notice.year, notice.title, notice.reference, notice.publishedOn, notice.sourceUrl],
    );
    if (inserted.length === 0) continue;
    await tx.query(
      `INSERT INTO working_calendar (date, year, kind, name, notice_reference)
       SELECT d, $1, k, n, $2 FROM unnest($3::date[], $4::text[], $5::text[]) AS e(d, k, n)`,
      [
        notice.year,
        notice.reference,
        entries.map((e) => e.date),
        entries.map((e) => e.kind),
        entries.map((e) => e.name),
      ],
    );
    const after = {
      notice: {
        title: notice.title,
        reference: notice.reference,
        publishedOn: notice.publishedOn,
        sourceUrl: notice.sourceUrl,
      },
      entries,
    };
    await tx.query(
      `INSERT INTO working_calendar_change (year, changed_by, changed_by_role, before, after)
       VALUES ($1, 'SEED', 'SYSTEM', NULL, $2)`,
      [notice.year, JSON.stringify(after)],
    );
  }
}
