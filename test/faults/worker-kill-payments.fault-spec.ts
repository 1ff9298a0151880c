import type { ChildProcess } from 'node:child_process';
import type request from 'supertest';
import {
  act,
  addDays,
  advanceTo,
  businessDate,
  declareDefault,
  driveTo,
  eventually,
  expectOk,
  getCase,
  openCase,
  toFen,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimOf,
  FUND,
  FUND_MANAGER,
  FUND_PAYER,
  fundBalance,
  fundClaimId,
  INSURER,
  INSURER_PAYER,
  insuranceClaimId,
} from '../support/disposal-flows';
import { reportFault } from '../support/fault-report';
import {
  holdRowLock,
  killProcess,
  startedActivities,
  startWorkerProcess,
  temporalClient,
} from '../support/fault-processes';
import {
  claimAct,
  claimStep,
  openLoan,
  policyTerms,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { loanCaseWorkflowId } from '../../workflows/loan-case/loan-case.shared';
import { subsidyClaimWorkflowId } from '../../workflows/subsidy-claim/subsidy-claim.shared';

const CASES = 3;
const PUDONG = '310115';

/**
 * The worker runs as its own process (compiled, as in production) and is killed with SIGKILL
 * while payment activities are half-way through their transactions. To be sure they are: the
 * test holds a row lock the payment must take (the district's budget pool, the fund's pool), waits
 * until Temporal reports each payment activity STARTED and PostgreSQL shows each one waiting on
 * that lock, then kills the worker and lets the lock go. The killed worker's transactions are
 * rolled back with its connections; Temporal retries each activity once its start-to-close
 * timeout has passed, on the restarted worker.
 */
describe('SIGKILL of the worker in the middle of payments', () => {
  let system: TestSystem;
  let worker: ChildProcess | null = null;
  let temporal: Awaited<ReturnType<typeof temporalClient>>;
  // The template's seed may hold demo loans: counts are taken from what this file adds.
  const acknowledged = { disbursements: 0, repayments: 0 };
  const seeded = { disbursements: 0, repayments: 0 };

  beforeAll(async () => {
    system = await startTestSystem({ worker: false });
    worker = await startWorkerProcess(system);
    temporal = await temporalClient(system);
    seeded.disbursements = await recorded(`SELECT count(*)::int AS n FROM disbursement`);
    seeded.repayments = await recorded(`SELECT count(*)::int AS n FROM repayment`);
  });

  afterAll(async () => {
    if (worker) await killProcess(worker, 'SIGKILL');
    await temporal?.close();
    await system?.close();
  });

  async function restartWorkerWhile(lock: { release(): Promise<void> }): Promise<void> {
    await killProcess(worker!, 'SIGKILL');
    worker = null;
    await lock.release();
    worker = await startWorkerProcess(system);
  }

  async function recorded(sql: string): Promise<number> {
    return withDb(system, async (db) => (await db.query(sql)).rows[0].n as number);
  }

  /** Counts in the books against what callers were told; the test fails on any difference. */
  function report(
    fault: string,
    cases: number,
    waiting: string[],
    payments: [number, number],
    recoverySeconds: number,
  ) {
    return Promise.all([
      recorded(`SELECT count(*)::int AS n FROM disbursement`),
      recorded(`SELECT count(*)::int AS n FROM repayment`),
    ]).then(([disbursements, repayments]) =>
      reportFault({
        fault,
        cases,
        inFlightAtFault: waiting.length,
        movements: {
          disbursements: {
            recorded: disbursements - seeded.disbursements,
            acknowledged: acknowledged.disbursements,
          },
          repayments: {
            recorded: repayments - seeded.repayments,
            acknowledged: acknowledged.repayments,
          },
          payments: { recorded: payments[0], acknowledged: payments[1] },
        },
        notes: {
          'payment statements waiting on the lock at the kill': [...new Set(waiting)].join(' | '),
          'seconds from the kill to the last payment answered': recoverySeconds.toFixed(1),
        },
      }),
    );
  }

  it('pays each subsidy claim once when the worker dies during the district payments', async () => {
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'FAULT-KILL-RATIO', eligibility: { registeredInDistrict: true } }),
    );
    const loans = await Promise.all(
      Array.from({ length: CASES }, () => openLoan(system, { amount: '1000000.00' })),
    );
    acknowledged.disbursements += loans.length;
    await advanceTo(system, '2026-02-15');
    for (const loan of loans) {
      await repayOnDueDates(system, loan.caseNumber, [1]);
      acknowledged.repayments += 1;
    }
    const claims: Json[] = [];
    for (const loan of loans) {
      const claim = await submitInterest(system, USERS.officer, {
        caseNumber: loan.caseNumber,
        fromInstalment: 1,
        toInstalment: 1,
      });
      await claimAct(system, claim.id, 'review', 'reviewer.pudong');
      await claimAct(system, claim.id, 'approve', 'approver.pudong');
      claims.push(claim);
    }
    const pool = `SELECT reserved_fen::text AS reserved, paid_fen::text AS paid FROM budget_pool
      WHERE district_code = '${PUDONG}' AND kind = 'INTEREST' AND budget_year = 2026`;
    const poolBefore = await withDb(system, async (db) => (await db.query(pool)).rows[0]);

    const lock = await holdRowLock(
      system,
      `SELECT 1 FROM budget_pool WHERE district_code = $1 AND kind = 'INTEREST' AND budget_year = 2026`,
      [PUDONG],
    );
    const paying: Promise<request.Response>[] = claims.map((claim) =>
      claimStep(system, claim.id, 'pay', 'reviewer.pudong', {
        paymentReference: `PAY-KILL-${claim.id}`,
      }),
    );
    let waiting: string[] = [];
    await eventually(async () => {
      for (const claim of claims)
        expect(await startedActivities(temporal.client, subsidyClaimWorkflowId(claim.id))).toEqual([
          'districtPayClaim',
        ]);
      waiting = await lock.waiters();
      expect(waiting).toHaveLength(CASES);
    }, 30_000);
    const killedAt = Date.now();
    await restartWorkerWhile(lock);
    // The killed attempts wrote nothing that stayed: each claim is still approved and unpaid.
    expect(
      await recorded(
        `SELECT count(*)::int AS n FROM budget_movement WHERE movement = 'CONSUME' AND claim_id IS NOT NULL`,
      ),
    ).toBe(0);

    const answers = await Promise.all(paying);
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    for (const answer of answers) expectOk(answer, 200);
    const paidAcknowledged = answers.filter((a) => a.body.status === 'PAID').length;
    expect(paidAcknowledged).toBe(CASES);

    const rows = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT c.id, c.status, c.amount_fen::text AS amount, c.paid_fen::text AS paid,
                    (SELECT count(*)::int FROM budget_movement m
                      WHERE m.claim_id = c.id AND m.movement = 'CONSUME') AS consumed,
                    (SELECT sum(m.amount_fen)::text FROM budget_movement m
                      WHERE m.claim_id = c.id AND m.movement = 'CONSUME') AS "consumedFen"
               FROM subsidy_claim c WHERE c.id = ANY($1) ORDER BY c.id`,
            [claims.map((c) => c.id)],
          )
        ).rows,
    );
    expect(rows).toHaveLength(CASES);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'PAID', consumed: 1 });
      expect(row.paid).toBe(row.amount);
      expect(row.consumedFen).toBe(row.amount);
    }
    // The district's ledger balances: what left the reservation is exactly what was paid.
    const total = rows.reduce((sum, r) => sum + BigInt(r.amount), 0n);
    const poolAfter = await withDb(system, async (db) => (await db.query(pool)).rows[0]);
    expect(BigInt(poolAfter.paid) - BigInt(poolBefore.paid)).toBe(total);
    expect(BigInt(poolBefore.reserved) - BigInt(poolAfter.reserved)).toBe(total);

    // Every case goes on: its next instalment is repaid on the restarted worker.
    await advanceTo(system, '2026-03-15');
    for (const loan of loans) {
      const view = await repayOnDueDates(system, loan.caseNumber, [2]);
      acknowledged.repayments += 1;
      expect(view.status).toBe('ACTIVE');
      expect(view.repayments).toHaveLength(2);
    }

    const mismatched = await report(
      'worker SIGKILL during district subsidy payments',
      CASES,
      waiting,
      [
        await recorded(
          `SELECT count(*)::int AS n FROM budget_movement WHERE movement = 'CONSUME' AND claim_id IS NOT NULL`,
        ),
        paidAcknowledged,
      ],
      recoverySeconds,
    );
    expect(mismatched).toEqual([]);
  });

  it('pays each fund claim once when the worker dies during the fund payments', async () => {
    const today = await businessDate(system);
    const cases = await Promise.all(
      Array.from({ length: CASES }, async () => {
        const { caseNumber, request: body } = await openCase(system);
        await driveTo(system, caseNumber, 'REGISTERED', { on: today });
        await act(system, caseNumber, '/disbursement', {
          reference: `DB-${body.bankReference}`,
          valueDate: today,
        });
        return caseNumber;
      }),
    );
    acknowledged.disbursements += cases.length;
    // No default on the disbursement date: one close of business for all of them.
    await advanceTo(system, addDays(today, 1));
    for (const caseNumber of cases) {
      const declared = await declareDefault(system, caseNumber, { reasonCode: 'FRAUD' });
      expect(declared.status).toBe('COMPENSATION');
      const claim = insuranceClaimId(caseNumber);
      await act(system, caseNumber, `/compensation-claims/${claim}/confirm`, {}, INSURER);
      await act(
        system,
        caseNumber,
        `/compensation-claims/${claim}/pay`,
        { reference: `INS-KILL-${caseNumber}` },
        INSURER_PAYER,
      );
    }
    const eligibleOn = (
      await Promise.all(
        cases.map(async (c) => claimOf(await getCase(system, c), fundClaimId(c)).eligibleOn),
      )
    ).sort()[CASES - 1] as string;
    if (eligibleOn > (await businessDate(system))) await advanceTo(system, eligibleOn);
    for (const caseNumber of cases)
      await act(
        system,
        caseNumber,
        `/compensation-claims/${fundClaimId(caseNumber)}/review`,
        {},
        FUND_MANAGER,
      );
    const fundBefore = await fundBalance(system);
    const paymentsBefore = await recorded(
      `SELECT count(*)::int AS n FROM compensation_payment WHERE payer = 'FUND'`,
    );

    const lock = await holdRowLock(system, `SELECT 1 FROM compensation_fund WHERE code = $1`, [
      FUND,
    ]);
    const agent = await system.as(FUND_PAYER);
    const paying = cases.map((caseNumber) =>
      agent
        .post(`/api/v1/cases/${caseNumber}/compensation-claims/${fundClaimId(caseNumber)}/pay`, {
          reference: `FUND-KILL-${caseNumber}`,
        })
        .then((res) => res),
    );
    let waiting: string[] = [];
    await eventually(async () => {
      for (const caseNumber of cases)
        expect(await startedActivities(temporal.client, loanCaseWorkflowId(caseNumber))).toEqual([
          'fundPayClaim',
        ]);
      waiting = await lock.waiters();
      expect(waiting).toHaveLength(CASES);
    }, 30_000);
    const killedAt = Date.now();
    await restartWorkerWhile(lock);
    expect(
      await recorded(`SELECT count(*)::int AS n FROM compensation_payment WHERE payer = 'FUND'`),
    ).toBe(paymentsBefore);

    const answers = await Promise.all(paying);
    const recoverySeconds = (Date.now() - killedAt) / 1000;
    for (const answer of answers) expectOk(answer, 200);
    let paidAcknowledged = 0;
    let sharesFen = 0n;
    for (const [i, caseNumber] of cases.entries()) {
      const claim = claimOf(answers[i]!.body, fundClaimId(caseNumber));
      expect(claim.status).toBe('PAID');
      expect(claim.payment.amount).toBe(claim.share);
      paidAcknowledged += 1;
      sharesFen += toFen(claim.share);
    }
    const rows = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT claim_id, count(*)::int AS n, sum(amount_fen)::text AS fen
               FROM compensation_payment WHERE claim_id = ANY($1) GROUP BY claim_id`,
            [cases.map(fundClaimId)],
          )
        ).rows,
    );
    expect(rows).toHaveLength(CASES);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    // The fund's ledger balances: its pool paid out exactly the payments' sum.
    const fundAfter = await fundBalance(system);
    expect(toFen(fundAfter.paid) - toFen(fundBefore.paid)).toBe(sharesFen);
    expect(rows.reduce((sum, r) => sum + BigInt(r.fen), 0n)).toBe(sharesFen);

    // Every case goes on from the compensation to its disposal on the restarted worker.
    for (const caseNumber of cases) {
      expect((await act(system, caseNumber, '/disposal')).status).toBe('DISPOSAL');
      expect((await getCase(system, caseNumber)).status).toBe('DISPOSAL');
    }

    const mismatched = await report(
      'worker SIGKILL during fund compensation payments',
      CASES,
      waiting,
      [
        (await recorded(
          `SELECT count(*)::int AS n FROM compensation_payment WHERE payer = 'FUND'`,
        )) - paymentsBefore,
        paidAcknowledged,
      ],
      recoverySeconds,
    );
    expect(mismatched).toEqual([]);
  });
});
