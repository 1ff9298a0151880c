import { Gauge, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { BusinessCalendarRepository } from '../../persistence/src/repositories/business-calendar.repository';
import type { InboxRepository } from '../../persistence/src/repositories/work/inbox.repository';

/** What the business gauges read: the read models in PostgreSQL, at scrape time. */
export interface BusinessSources {
  db: DataSource;
  calendar: BusinessCalendarRepository;
  inbox: InboxRepository;
  /** Reports a failed read; the gauge is then left empty for this scrape, never stale. */
  onError(metric: string, error: unknown): void;
}

/** The earliest date a deadline can have: every task late today has its deadline after it. */
const BEGINNING = '0001-01-01';

/**
 * Cases by state, claims by process and state, budget remaining per pool and tasks late, each a
 * gauge computed by one query when Prometheus scrapes. Served by the API only, so that several
 * processes do not report the same database twice (sum over instances would double count).
 */
export function registerBusinessMetrics(registry: Registry, sources: BusinessSources): void {
  const { db, calendar, inbox, onError } = sources;

  /** Resets the gauge, then fills it; a failed read leaves it empty for this scrape. */
  async function fill(
    name: string,
    gauge: Gauge<string>,
    read: () => Promise<void>,
  ): Promise<void> {
    gauge.reset();
    try {
      await read();
    } catch (error) {
      gauge.reset();
      onError(name, error instanceof Error ? error.message : error);
    }
  }

  new Gauge({
    name: 'ippledge_cases',
    help: 'Loan cases by state',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      await fill('ippledge_cases', this, async () => {
        const rows: { status: string; n: number }[] = await db.query(
          `SELECT status, count(*)::int AS n FROM loan_case GROUP BY status`,
        );
        for (const row of rows) this.set({ status: row.status }, row.n);
      });
    },
  });

  new Gauge({
    name: 'ippledge_claims',
    help: 'Subsidy and compensation claims by process and state',
    labelNames: ['process', 'status'],
    registers: [registry],
    async collect() {
      await fill('ippledge_claims', this, async () => {
        const rows: { process: string; status: string; n: number }[] = await db.query(
          `SELECT 'subsidy' AS process, status, count(*)::int AS n FROM subsidy_claim GROUP BY status
           UNION ALL
           SELECT 'compensation', status, count(*)::int FROM compensation_claim GROUP BY status`,
        );
        for (const row of rows) this.set({ process: row.process, status: row.status }, row.n);
      });
    },
  });

  new Gauge({
    name: 'ippledge_budget_remaining_fen',
    help: 'Budget left to reserve per subsidy pool (total - reserved - paid), in fen',
    labelNames: ['district', 'kind', 'year', 'status'],
    registers: [registry],
    async collect() {
      await fill('ippledge_budget_remaining_fen', this, async () => {
        // Text, not bigint: pg hands bigint back as a string, converted once here.
        const rows: {
          district: string;
          kind: string;
          year: number;
          status: string;
          remaining: string;
        }[] = await db.query(
          `SELECT district_code AS district, kind, budget_year AS year, status,
                  (total_fen - reserved_fen - paid_fen)::text AS remaining
             FROM budget_pool`,
        );
        for (const row of rows)
          this.set(
            { district: row.district, kind: row.kind, year: String(row.year), status: row.status },
            Number(row.remaining),
          );
      });
    },
  });

  new Gauge({
    name: 'ippledge_tasks_late',
    help: 'Open tasks past their deadline on the business date',
    registers: [registry],
    async collect() {
      await fill('ippledge_tasks_late', this, async () => {
        const today = await calendar.current();
        this.set((await inbox.becameLate(BEGINNING, today)).length);
      });
    },
  });
}
