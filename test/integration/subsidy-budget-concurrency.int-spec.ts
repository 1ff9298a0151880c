import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import { advanceTo, eventually, USERS, withDb, type Json } from '../support/case-flows';
import {
  openLoan,
  policyTerms,
  poolFigures,
  publishPolicy,
  repayOnDueDates,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(300_000);

const LOANS = 25;
const INSTALMENTS = 12;

/** A free TCP port on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Answer {
  status: number;
  body: Json;
}

/**
 * Budget safety under real concurrency. 25 loans × 12 monthly instalments give 300 distinct loan
 * periods. The test policy pays 0.1 % of the interest paid, without caps: every instalment's
 * interest (10,000.00 × 3.45 % × 28…31 / 360 = 26.83…29.71) yields 2.683…2.971 fen, which
 * rounds to 0.03 yuan — so every claim is exactly 0.03, and a pool of 6.00 fits exactly 200
 * whatever order the claims arrive in. Requests go through two API processes at once: this
 * one and a second, compiled API started as its own Node process.
 */
describe('300 concurrent claims against a pool that fits 200', () => {
  let system: TestSystem;
  let secondApi: ChildProcess | null = null;
  const bases: string[] = [];
  const tokens = new Map<string, string>();
  const claimIds: string[] = [];
  const loans: string[] = [];

  async function call(
    base: string,
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<Answer> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(username)}`,
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  }

  /**
   * A top-up as the district does it: the reviewer proposes under the 文号, the approver (a
   * second person) approves; the approval's answer.
   */
  async function proposeAndApprove(
    base: string,
    body: { kind: string; budgetYear: number; amount: string; reference: string },
  ): Promise<Answer> {
    const proposed = await call(
      base,
      'reviewer.yangpu',
      'POST',
      '/api/v1/subsidies/budgets/top-up',
      body,
    );
    if (proposed.status !== 200) return proposed;
    if (proposed.body.alreadyApplied) return proposed;
    return call(
      base,
      'approver.yangpu',
      'POST',
      `/api/v1/subsidies/budgets/top-ups/${proposed.body.topUp.id as string}/approve`,
    );
  }

  /** Sends request i to API i mod 2: both processes serve the burst at once. */
  function burst(
    count: number,
    username: string,
    request: (i: number) => { path: string; body?: object },
  ): Promise<Answer[]> {
    return Promise.all(
      Array.from({ length: count }, (_, i) => {
        const { path, body } = request(i);
        return call(bases[i % 2]!, username, 'POST', path, body);
      }),
    );
  }

  /** Samples the pool row until `work` settles; every sample must keep reserved + paid ≤ total. */
  async function sampledWhile<T>(work: Promise<T>): Promise<{ result: T; samples: number }> {
    let done = false;
    const result = work.finally(() => (done = true));
    const samples = await withDb(system, async (db: PgClient) => {
      let count = 0;
      while (!done) {
        const { rows } = await db.query(
          `SELECT total_fen::bigint AS total, reserved_fen::bigint AS reserved, paid_fen::bigint AS paid
             FROM budget_pool WHERE district_code = '310110' AND kind = 'INTEREST' AND budget_year = 2027`,
        );
        const row = rows[0] as { total: string; reserved: string; paid: string };
        expect(BigInt(row.reserved) + BigInt(row.paid)).toBeLessThanOrEqual(BigInt(row.total));
        count += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return count;
    });
    return { result: await result, samples };
  }

  beforeAll(async () => {
    system = await startTestSystem();
    bases.push(system.baseUrl);

    const port = await freePort();
    secondApi = spawn(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js')],
      {
        env: { ...process.env, ...system.env, API_PORT: String(port), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    secondApi.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    bases.push(`http://127.0.0.1:${port}`);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const up = await fetch(`${bases[1]}/api/v1/auth/dev-users`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline || secondApi.exitCode !== null)
        throw new Error(
          `second API did not start (run npm run build first): ${stderr.slice(-2000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const username of [USERS.officer, 'reviewer.yangpu', 'approver.yangpu']) {
      const res = await fetch(`${bases[1]}/api/v1/auth/dev-login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username }),
      });
      tokens.set(username, ((await res.json()) as { accessToken: string }).accessToken);
    }

    await publishPolicy(
      system,
      'approver.yangpu',
      'INTEREST',
      policyTerms({ programme: 'YANGPU-LOAD-TEST', ratio: '0.001', requiredProofs: [] }),
    );
    // All loans opened at once on 2026-01-15, all repaid on their due dates by 2027-01-15.
    const opened = await Promise.all(
      Array.from({ length: LOANS }, () =>
        openLoan(system, { amount: '10000.00', termMonths: INSTALMENTS, annualRate: '0.0345' }),
      ),
    );
    loans.push(...opened.map((view) => view.caseNumber as string));
    await advanceTo(system, '2027-01-15');
    const all = Array.from({ length: INSTALMENTS }, (_, i) => i + 1);
    await Promise.all(loans.map((caseNumber) => repayOnDueDates(system, caseNumber, all)));
    // The 2027 pool: 6.00 = 200 claims of 0.03.
    const topUp = await proposeAndApprove(bases[0]!, {
      kind: 'INTEREST',
      budgetYear: 2027,
      amount: '6.00',
      reference: 'LOAD-2027-1',
    });
    expect(topUp.status).toBe(200);
  });

  afterAll(async () => {
    if (secondApi && secondApi.exitCode === null) {
      const exited = new Promise((resolve) => secondApi!.once('exit', resolve));
      secondApi.kill('SIGTERM');
      await exited;
    }
    await system?.close();
  });

  it('300 concurrent submissions: 200 reserve, 100 wait; the pool is never overspent', async () => {
    const periods = loans.flatMap((caseNumber) =>
      Array.from({ length: INSTALMENTS }, (_, i) => ({ caseNumber, seq: i + 1 })),
    );
    expect(periods).toHaveLength(300);
    const { result: answers, samples } = await sampledWhile(
      burst(300, USERS.officer, (i) => ({
        path: '/api/v1/subsidies/claims/interest',
        body: {
          caseNumber: periods[i]!.caseNumber,
          fromInstalment: periods[i]!.seq,
          toInstalment: periods[i]!.seq,
          districtCode: '310110',
          proofs: [],
        },
      })),
    );
    expect(samples).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status !== 201)).toEqual([]);
    expect(new Set(answers.map((a) => a.body.amount))).toEqual(new Set(['0.03']));
    const byStatus = countBy(answers.map((a) => a.body.status as string));
    expect(byStatus).toEqual({ SUBMITTED: 200, WAITLISTED: 100 });
    claimIds.push(...answers.map((a) => a.body.id as string));
    expect(await poolFigures(system, '310110', 'INTEREST', 2027)).toMatchObject({
      total: '6.00',
      reserved: '6.00',
      paid: '0.00',
      waitlisted: 100,
    });
  });

  it('300 concurrent approvals after review: exactly 200 APPROVED, 100 refused BUDGET_EXHAUSTED and still WAITLISTED', async () => {
    const reviews = await burst(300, 'reviewer.yangpu', (i) => ({
      path: `/api/v1/subsidies/claims/${claimIds[i]}/review`,
      body: {},
    }));
    expect(reviews.filter((a) => a.status !== 200)).toEqual([]);

    const { result: approvals, samples } = await sampledWhile(
      burst(300, 'approver.yangpu', (i) => ({
        path: `/api/v1/subsidies/claims/${claimIds[i]}/approve`,
      })),
    );
    expect(samples).toBeGreaterThan(0);
    expect(
      countBy(
        approvals.map((a) => `${a.status} ${a.status === 200 ? a.body.status : a.body.code}`),
      ),
    ).toEqual({
      '200 APPROVED': 200,
      '409 BUDGET_EXHAUSTED': 100,
    });
    const stored = await withDb(system, (db) =>
      db.query(
        `SELECT status, count(*)::int AS n FROM subsidy_claim WHERE budget_year = 2027 GROUP BY status ORDER BY status`,
      ),
    );
    expect(stored.rows).toEqual([
      { status: 'APPROVED', n: 200 },
      { status: 'WAITLISTED', n: 100 },
    ]);
    expect(await poolFigures(system, '310110', 'INTEREST', 2027)).toMatchObject({
      total: '6.00',
      reserved: '6.00',
      paid: '0.00',
      waitlisted: 100,
    });
    // Every reservation is in the movement ledger exactly once: 200 × 0.03 = 6.00.
    const movements = await withDb(system, (db) =>
      db.query(
        `SELECT movement, count(*)::int AS n, sum(amount_fen)::int AS fen FROM budget_movement
          WHERE district_code = '310110' AND budget_year = 2027 GROUP BY movement ORDER BY movement`,
      ),
    );
    expect(movements.rows).toEqual([
      { movement: 'RESERVE', n: 200, fen: 600 },
      { movement: 'TOP_UP', n: 1, fen: 600 },
    ]);
  });

  it('a top-up, then a rejection, let the waitlisted claims reserve in submission order', async () => {
    const waiting = await withDb(system, (db) =>
      db.query(
        `SELECT id FROM subsidy_claim WHERE status = 'WAITLISTED' AND budget_year = 2027 ORDER BY submission_seq`,
      ),
    );
    const fifo = waiting.rows.map((r: { id: string }) => r.id);
    expect(fifo).toHaveLength(100);
    // 1.50 = 50 claims of 0.03: the 50 submitted first get it.
    const topUp = await proposeAndApprove(bases[1]!, {
      kind: 'INTEREST',
      budgetYear: 2027,
      amount: '1.50',
      reference: 'LOAD-2027-2',
    });
    expect(topUp.status).toBe(200);
    expect(topUp.body.reservedClaims).toEqual(fifo.slice(0, 50));
    expect(topUp.body.pool).toMatchObject({
      total: '7.50',
      reserved: '7.50',
      available: '0.00',
      waitlisted: 50,
    });
    // Reviewed before, so they are back in the approvers' queue with their reservation.
    const reserved = await withDb(system, (db) =>
      db.query(`SELECT DISTINCT status, reserved FROM subsidy_claim WHERE id = ANY($1)`, [
        fifo.slice(0, 50),
      ]),
    );
    expect(reserved.rows).toEqual([{ status: 'REVIEWED', reserved: true }]);
    // The same top-up sent again raises nothing.
    const again = await proposeAndApprove(bases[0]!, {
      kind: 'INTEREST',
      budgetYear: 2027,
      amount: '1.50',
      reference: 'LOAD-2027-2',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyApplied: true, topUp: { status: 'APPROVED' } });
    expect(await poolFigures(system, '310110', 'INTEREST', 2027)).toMatchObject({ total: '7.50' });

    // A rejection gives its 0.03 back, and the next claim in the queue takes it.
    const approved = await withDb(system, (db) =>
      db.query(
        `SELECT id FROM subsidy_claim WHERE status = 'APPROVED' ORDER BY submission_seq LIMIT 1`,
      ),
    );
    const rejected = await call(
      bases[1]!,
      'reviewer.yangpu',
      'POST',
      `/api/v1/subsidies/claims/${approved.rows[0].id}/reject`,
      { reason: 'Repayment voucher does not match the ledger' },
    );
    expect(rejected).toMatchObject({ status: 200, body: { status: 'REJECTED', reserved: false } });
    await eventually(async () => {
      const next = await call(
        bases[0]!,
        'reviewer.yangpu',
        'GET',
        `/api/v1/subsidies/claims/${fifo[50]}`,
      );
      expect(next.body).toMatchObject({ status: 'REVIEWED', reserved: true });
    });
    expect(await poolFigures(system, '310110', 'INTEREST', 2027)).toMatchObject({
      reserved: '7.50',
      waitlisted: 49,
    });
  });

  it('closing the budget year rejects the claims still waiting, and closes the pool', async () => {
    const result = await advanceTo(system, '2028-01-01');
    expect(result.to).toBe('2028-01-01');
    const stored = await withDb(system, (db) =>
      db.query(
        `SELECT status, rejection_reason AS reason, count(*)::int AS n FROM subsidy_claim
          WHERE budget_year = 2027 GROUP BY status, rejection_reason ORDER BY status, rejection_reason`,
      ),
    );
    expect(stored.rows).toEqual([
      { status: 'APPROVED', reason: null, n: 199 },
      { status: 'REJECTED', reason: 'BUDGET_YEAR_CLOSED', n: 49 },
      { status: 'REJECTED', reason: 'Repayment voucher does not match the ledger', n: 1 },
      { status: 'REVIEWED', reason: null, n: 51 },
    ]);
    expect(await poolFigures(system, '310110', 'INTEREST', 2027)).toMatchObject({
      status: 'CLOSED',
      total: '7.50',
      reserved: '7.50',
      waitlisted: 0,
    });
    // A closed year takes no more money.
    const late = await proposeAndApprove(bases[0]!, {
      kind: 'INTEREST',
      budgetYear: 2027,
      amount: '1.00',
      reference: 'LOAD-2027-3',
    });
    expect(late).toMatchObject({ status: 409, body: { code: 'BUDGET_YEAR_CLOSED' } });
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
