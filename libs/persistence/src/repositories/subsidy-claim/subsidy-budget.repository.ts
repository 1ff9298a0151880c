import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { completeWorkItem, raiseWorkItem } from '../work/work-items';

/** The work item a pool opened at zero raises for the district approver. */
const FUND_BUDGET_POOL = 'FUND_BUDGET_POOL';

/** A pool's work item subject: `district/kind/year`, as top-ups name the pool. */
function fundingSubject(key: PoolKey): string {
  return `${key.districtCode}/${key.kind}/${key.budgetYear}`;
}

export interface PoolKey {
  districtCode: string;
  kind: string;
  budgetYear: number;
}

export interface PoolRow extends PoolKey {
  totalFen: bigint;
  reservedFen: bigint;
  paidFen: bigint;
  waitlistedCount: number;
  status: 'OPEN' | 'CLOSED';
  closedOn: string | null;
}

/** A district's planned annual budget for a pool not opened yet (not money until it opens). */
export interface PlanRow extends PoolKey {
  plannedFen: bigint;
  setBy: string;
  setOn: string;
}

/** Who moved money and on which business date: every movement row records it. */
export interface MovementContext {
  businessDate: string;
  actorUserId: string;
}

type MovementKind = 'RESERVE' | 'RELEASE' | 'CONSUME' | 'CLAWBACK';

const POOL_COLUMNS = `
  district_code AS "districtCode", kind, budget_year AS "budgetYear", total_fen AS "totalFen",
  reserved_fen AS "reservedFen", paid_fen AS "paidFen", waitlisted_count AS "waitlistedCount", status,
  to_char(closed_on, 'YYYY-MM-DD') AS "closedOn"`;

function toPool(row: Record<string, unknown>): PoolRow {
  return {
    districtCode: row.districtCode as string,
    kind: row.kind as string,
    budgetYear: Number(row.budgetYear),
    totalFen: BigInt(row.totalFen as string),
    reservedFen: BigInt(row.reservedFen as string),
    paidFen: BigInt(row.paidFen as string),
    waitlistedCount: Number(row.waitlistedCount),
    status: row.status as 'OPEN' | 'CLOSED',
    closedOn: (row.closedOn as string | null) ?? null,
  };
}

const PLAN_COLUMNS = `
  district_code AS "districtCode", kind, budget_year AS "budgetYear", planned_fen AS "plannedFen",
  set_by AS "setBy", to_char(set_on, 'YYYY-MM-DD') AS "setOn"`;

function toPlan(row: Record<string, unknown>): PlanRow {
  return {
    districtCode: row.districtCode as string,
    kind: row.kind as string,
    budgetYear: Number(row.budgetYear),
    plannedFen: BigInt(row.plannedFen as string),
    setBy: row.setBy as string,
    setOn: row.setOn as string,
  };
}

/**
 * Serialises setting a plan for a year with opening that year's pools (transaction-scoped
 * advisory lock on the year), so the pool opens either with the plan or before it.
 */
async function lockBudgetYear(tx: EntityManager, year: number): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('budget_year'), $1::int)`, [year]);
}

/** `[rows, affected]` as TypeORM returns an UPDATE … RETURNING through `query`. */
type UpdateResult = [Record<string, unknown>[], number];

/**
 * Budget pools per (district, kind, budget year). Money moves only through single conditional
 * UPDATEs of the pool row — never read-then-write in the process — so any number of API and
 * worker processes can reserve at once and the pool is never overspent. Each claim movement is
 * also written to `budget_movement`, unique per (claim, movement): a retried activity finds its
 * movement there and moves nothing twice. Callers pass the transaction that changes the claim.
 */
@Injectable()
export class SubsidyBudgetRepository {
  constructor(private readonly db: DataSource) {}

  async list(filter: { districtCode?: string; budgetYear?: number }): Promise<PoolRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${POOL_COLUMNS} FROM budget_pool
        WHERE ($1::text IS NULL OR district_code = $1) AND ($2::int IS NULL OR budget_year = $2)
        ORDER BY budget_year, district_code, kind`,
      [filter.districtCode ?? null, filter.budgetYear ?? null],
    );
    return rows.map(toPool);
  }

  async find(key: PoolKey, manager: EntityManager = this.db.manager): Promise<PoolRow | null> {
    const rows: Record<string, unknown>[] = await manager.query(
      `SELECT ${POOL_COLUMNS} FROM budget_pool WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
      [key.districtCode, key.kind, key.budgetYear],
    );
    return rows[0] ? toPool(rows[0]) : null;
  }

  /** A pool nobody funded yet exists with a total of zero: claims wait in it for a top-up. */
  async ensure(key: PoolKey, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO budget_pool (district_code, kind, budget_year) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
      [key.districtCode, key.kind, key.budgetYear],
    );
  }

  /**
   * Raises the pool's total; keyed by the district's `reference`, so repeating the same top-up
   * changes nothing. Returns whether this call raised it.
   */
  async topUp(
    key: PoolKey,
    amountFen: bigint,
    reference: string,
    context: MovementContext,
    manager: EntityManager,
  ): Promise<boolean> {
    await this.ensure(key, manager);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO budget_movement (district_code, kind, budget_year, movement, amount_fen, reference, business_date, actor_user_id)
       VALUES ($1,$2,$3,'TOP_UP',$4,$5,$6,$7) ON CONFLICT DO NOTHING RETURNING id`,
      [
        key.districtCode,
        key.kind,
        key.budgetYear,
        amountFen.toString(),
        reference,
        context.businessDate,
        context.actorUserId,
      ],
    );
    if (inserted.length === 0) return false;
    await manager.query(
      `UPDATE budget_pool SET total_fen = total_fen + $4, updated_at = now()
        WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
      [key.districtCode, key.kind, key.budgetYear, amountFen.toString()],
    );
    // Money came: the approver's item to fund a pool opened at zero is done.
    await completeWorkItem(
      manager,
      FUND_BUDGET_POOL,
      fundingSubject(key),
      context.businessDate,
      context.actorUserId,
    );
    return true;
  }

  /** The district approver's work item to fund a pool opened at zero, with its top-up route. */
  private async raiseFundingItem(key: PoolKey, openedOn: string, tx: EntityManager) {
    const districts: { id: string }[] = await tx.query(
      `SELECT id FROM organisation WHERE kind = 'DISTRICT' AND district_code = $1 ORDER BY id`,
      [key.districtCode],
    );
    for (const district of districts) {
      await raiseWorkItem(tx, {
        kind: FUND_BUDGET_POOL,
        subject: fundingSubject(key),
        organisationId: district.id,
        role: 'DISTRICT_APPROVER',
        createdOn: openedOn,
        detail: {
          titleZh: `为${key.budgetYear}年预算池拨入资金`,
          titleEn: `Fund the ${key.budgetYear} budget pool`,
          action: { method: 'POST', path: '/api/v1/subsidies/budgets/top-up' },
          ...key,
        },
      });
    }
  }

  /**
   * A new claim reserves if it fits and nobody is waiting before it (FIFO: a late small claim
   * must not overtake an earlier large one); otherwise it joins the waitlist. The waitlist count
   * sits on the pool row, so the check and the reservation are one atomic UPDATE.
   */
  async reserveOrWaitlist(
    key: PoolKey,
    claimId: string,
    amountFen: bigint,
    context: MovementContext,
    manager: EntityManager,
  ): Promise<'RESERVED' | 'WAITLISTED'> {
    await this.ensure(key, manager);
    const reserved = await this.moveWithClaim(
      key,
      claimId,
      'RESERVE',
      amountFen,
      context,
      manager,
      `reserved_fen = reserved_fen + $4`,
      `status = 'OPEN' AND waitlisted_count = 0 AND reserved_fen + paid_fen + $4 <= total_fen`,
    );
    if (reserved) return 'RESERVED';
    await manager.query(
      `UPDATE budget_pool SET waitlisted_count = waitlisted_count + 1, updated_at = now()
        WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
      [key.districtCode, key.kind, key.budgetYear],
    );
    return 'WAITLISTED';
  }

  /** A waitlisted claim takes room if there is some now (top-up or approval); leaves the waitlist. */
  async reserveFromWaitlist(
    key: PoolKey,
    claimId: string,
    amountFen: bigint,
    context: MovementContext,
    manager: EntityManager,
  ): Promise<boolean> {
    return this.moveWithClaim(
      key,
      claimId,
      'RESERVE',
      amountFen,
      context,
      manager,
      `reserved_fen = reserved_fen + $4, waitlisted_count = waitlisted_count - 1`,
      `status = 'OPEN' AND reserved_fen + paid_fen + $4 <= total_fen`,
    );
  }

  /** A waitlisted claim that is rejected stops holding its place. */
  async leaveWaitlist(key: PoolKey, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE budget_pool SET waitlisted_count = waitlisted_count - 1, updated_at = now()
        WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
      [key.districtCode, key.kind, key.budgetYear],
    );
  }

  /** Gives a rejected claim's reservation back to the pool. */
  async release(
    key: PoolKey,
    claimId: string,
    amountFen: bigint,
    context: MovementContext,
    manager: EntityManager,
  ): Promise<void> {
    await this.mustMove(
      key,
      claimId,
      'RELEASE',
      amountFen,
      context,
      manager,
      `reserved_fen = reserved_fen - $4`,
      `reserved_fen >= $4`,
    );
  }

  /** Payment turns the reservation into spending (allowed in a closed year: it was committed). */
  async consume(
    key: PoolKey,
    claimId: string,
    amountFen: bigint,
    context: MovementContext,
    manager: EntityManager,
  ): Promise<void> {
    await this.mustMove(
      key,
      claimId,
      'CONSUME',
      amountFen,
      context,
      manager,
      `reserved_fen = reserved_fen - $4, paid_fen = paid_fen + $4`,
      `reserved_fen >= $4`,
    );
  }

  /** A clawed-back payment comes back to the pool it was paid from. */
  async clawBack(
    key: PoolKey,
    claimId: string,
    amountFen: bigint,
    context: MovementContext,
    manager: EntityManager,
  ): Promise<void> {
    await this.mustMove(
      key,
      claimId,
      'CLAWBACK',
      amountFen,
      context,
      manager,
      `paid_fen = paid_fen - $4`,
      `paid_fen >= $4`,
    );
  }

  /** Closes every open pool of a year before `year`; returns the pools it closed. */
  async closeYearsBefore(year: number, closedOn: string): Promise<PoolKey[]> {
    const [rows]: UpdateResult = await this.db.query(
      `UPDATE budget_pool SET status = 'CLOSED', closed_on = $2, updated_at = now()
        WHERE budget_year < $1 AND status = 'OPEN'
        RETURNING district_code AS "districtCode", kind, budget_year AS "budgetYear"`,
      [year, closedOn],
    );
    return rows.map((r) => ({
      districtCode: r.districtCode as string,
      kind: r.kind as string,
      budgetYear: Number(r.budgetYear),
    }));
  }

  /** The districts' planned annual budgets, by year, district and kind. */
  async plans(filter: { districtCode?: string; budgetYear?: number }): Promise<PlanRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${PLAN_COLUMNS} FROM budget_plan
        WHERE ($1::text IS NULL OR district_code = $1) AND ($2::int IS NULL OR budget_year = $2)
        ORDER BY budget_year, district_code, kind`,
      [filter.districtCode ?? null, filter.budgetYear ?? null],
    );
    return rows.map(toPlan);
  }

  /**
   * Sets (or changes) the planned budget of a pool that does not exist yet; `after` runs in the
   * same transaction (the audit entry). Once the year's pool is open the plan is spent: the
   * answer is that pool, and money comes by a top-up. The year is locked against its opening
   * (see {@link openYear}), so a plan is never set just after the pool opened without it.
   */
  async setPlan(
    plan: PoolKey & { plannedFen: bigint; setBy: string; setOn: string },
    after: (row: PlanRow, before: PlanRow | null, tx: EntityManager) => Promise<void>,
  ): Promise<{ ok: true; plan: PlanRow; before: PlanRow | null } | { ok: false; pool: PoolRow }> {
    return this.db.transaction(async (tx) => {
      await lockBudgetYear(tx, plan.budgetYear);
      const pool = await this.find(plan, tx);
      if (pool) return { ok: false as const, pool };
      const beforeRows: Record<string, unknown>[] = await tx.query(
        `SELECT ${PLAN_COLUMNS} FROM budget_plan WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
        [plan.districtCode, plan.kind, plan.budgetYear],
      );
      const rows: Record<string, unknown>[] = await tx.query(
        `INSERT INTO budget_plan (district_code, kind, budget_year, planned_fen, set_by, set_on)
         VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (district_code, kind, budget_year) DO UPDATE
           SET planned_fen = EXCLUDED.planned_fen, set_by = EXCLUDED.set_by,
               set_on = EXCLUDED.set_on, updated_at = now()
         RETURNING ${PLAN_COLUMNS}`,
        [
          plan.districtCode,
          plan.kind,
          plan.budgetYear,
          plan.plannedFen.toString(),
          plan.setBy,
          plan.setOn,
        ],
      );
      const row = toPlan(rows[0]!);
      const before = beforeRows[0] ? toPlan(beforeRows[0]) : null;
      await after(row, before, tx);
      return { ok: true as const, plan: row, before };
    });
  }

  /**
   * Opens the pools of `year` that do not exist yet, for every district and kind that had a pool
   * in either of the two years before it, has a plan for it, or is named in `also` (the seed's
   * districts, which have no earlier pools). A pool opens at its planned amount, recorded as a
   * TOP_UP movement under `PLAN:<year>` by whoever set the plan; without a plan it opens at zero
   * with a work item for the district's approver to fund it. Pools already there are left alone,
   * so repeating it (a retried close of business) opens and moves nothing more.
   */
  async openYear(
    year: number,
    openedOn: string,
    options: {
      also?: readonly { districtCode: string; kind: string }[];
      manager?: EntityManager;
    } = {},
  ): Promise<(PoolKey & { plannedFen: bigint | null })[]> {
    const run = async (tx: EntityManager) => {
      await lockBudgetYear(tx, year);
      const also = options.also ?? [];
      const opened: Record<string, unknown>[] = await tx.query(
        `INSERT INTO budget_pool (district_code, kind, budget_year, total_fen)
         SELECT c.district_code, c.kind, $1::int, COALESCE(p.planned_fen, 0)
           FROM (SELECT district_code, kind FROM budget_pool WHERE budget_year IN ($1::int - 1, $1::int - 2)
                 UNION SELECT district_code, kind FROM budget_plan WHERE budget_year = $1::int
                 UNION SELECT * FROM unnest($2::text[], $3::text[])) AS c (district_code, kind)
           LEFT JOIN budget_plan p
             ON p.district_code = c.district_code AND p.kind = c.kind AND p.budget_year = $1::int
         ORDER BY c.district_code, c.kind
         ON CONFLICT DO NOTHING
         RETURNING district_code AS "districtCode", kind, budget_year AS "budgetYear", total_fen AS "totalFen"`,
        [year, also.map((c) => c.districtCode), also.map((c) => c.kind)],
      );
      const keys: (PoolKey & { plannedFen: bigint | null })[] = [];
      for (const r of opened) {
        const key = {
          districtCode: r.districtCode as string,
          kind: r.kind as string,
          budgetYear: Number(r.budgetYear),
        };
        const plannedFen = BigInt(r.totalFen as string);
        if (plannedFen > 0n) {
          // The ':' keeps it apart from every 文号 a district can give a top-up (the API's
          // pattern has none), so a top-up can never be taken for the plan or the reverse.
          await tx.query(
            `INSERT INTO budget_movement (district_code, kind, budget_year, movement, amount_fen, reference, business_date, actor_user_id)
             SELECT district_code, kind, budget_year, 'TOP_UP', planned_fen, 'PLAN:' || budget_year, $4, set_by
               FROM budget_plan WHERE district_code = $1 AND kind = $2 AND budget_year = $3`,
            [key.districtCode, key.kind, key.budgetYear, openedOn],
          );
        } else {
          await this.raiseFundingItem(key, openedOn, tx);
        }
        keys.push({ ...key, plannedFen: plannedFen > 0n ? plannedFen : null });
      }
      return keys;
    };
    return options.manager ? run(options.manager) : this.db.transaction(run);
  }

  /** A movement that must happen: failing the condition means the books disagree (a bug). */
  private async mustMove(...args: Parameters<SubsidyBudgetRepository['moveWithClaim']>) {
    const moved = await this.moveWithClaim(...args);
    if (!moved) {
      const [key, claimId, movement] = args;
      // Not a DomainError: retrying will not help, and nobody should see this in a sane ledger.
      throw new Error(
        `Budget pool ${key.districtCode}/${key.kind}/${key.budgetYear} cannot ${movement} for claim ${claimId}`,
      );
    }
  }

  /**
   * Records the claim's movement and applies `set` to the pool where `condition` holds, both or
   * neither. A movement already recorded for the claim counts as done (a retry): true, and the
   * pool is left alone.
   */
  private async moveWithClaim(
    key: PoolKey,
    claimId: string,
    movement: MovementKind,
    amountFen: bigint,
    context: MovementContext,
    manager: EntityManager,
    set: string,
    condition: string,
  ): Promise<boolean> {
    await manager.query(`SAVEPOINT budget_move`);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO budget_movement (district_code, kind, budget_year, claim_id, movement, amount_fen, business_date, actor_user_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT DO NOTHING RETURNING id`,
      [
        key.districtCode,
        key.kind,
        key.budgetYear,
        claimId,
        movement,
        amountFen.toString(),
        context.businessDate,
        context.actorUserId,
      ],
    );
    if (inserted.length === 0) {
      await manager.query(`RELEASE SAVEPOINT budget_move`);
      return true;
    }
    const [, affected]: UpdateResult = await manager.query(
      `UPDATE budget_pool SET ${set}, updated_at = now()
        WHERE district_code = $1 AND kind = $2 AND budget_year = $3 AND ${condition}`,
      [key.districtCode, key.kind, key.budgetYear, amountFen.toString()],
    );
    if (affected === 0) {
      await manager.query(`ROLLBACK TO SAVEPOINT budget_move`);
      return false;
    }
    await manager.query(`RELEASE SAVEPOINT budget_move`);
    return true;
  }
}
