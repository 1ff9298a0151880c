import {
  act,
  addDays,
  attempt,
  businessDate,
  declareDefault,
  driveTo,
  expectProblem,
  getCase,
  openActiveCase,
  openCase,
  USERS,
  withDb,
} from '../support/case-flows';
import { FUND_MANAGER, FUND_PAYER, INSURER, INSURER_PAYER } from '../support/disposal-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(180_000);

/**
 * Issue 10, controls on the case: dates that cannot contradict each other and maker-checker on
 * the compensation payments. Each refusal answers its own code, stores nothing, starts nothing,
 * and leaves the API's audit entry of the refused request; each permitted path succeeds with two
 * different users.
 */
describe('controls on the case: coherent dates, four eyes on compensation', () => {
  let system: TestSystem;
  let today: string;

  beforeAll(async () => {
    system = await startTestSystem();
    today = await businessDate(system);
  });

  afterAll(async () => {
    await system.close();
  });

  /** The API's audit entry of a refused request on the case: its route and problem code. */
  async function expectRefusalAudited(caseNumber: string, route: string, code: string) {
    const rows = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT actor_username, payload FROM audit_log
            WHERE action = 'API_REQUEST' AND subject_type = 'CASE' AND subject_id = $1
              AND payload->>'route' = $2 AND payload->'outcome'->>'code' = $3`,
            [caseNumber, route, code],
          )
        ).rows,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.outcome.status).toBe(422);
  }

  it('refuses a contract signed after the business date or before the credit approval', async () => {
    const { caseNumber } = await openCase(system);
    await driveTo(system, caseNumber, 'APPROVED', { on: today });
    const contract = {
      loanContractNumber: `LC-${caseNumber.slice(-20)}`,
      pledgeContractNumber: `PC-${caseNumber.slice(-20)}`,
      forfeitureClause: false,
    };
    for (const [signedOn, code] of [
      [addDays(today, 1), 'CONTRACT_SIGNED_AFTER_BUSINESS_DATE'],
      [addDays(today, -1), 'CONTRACT_SIGNED_BEFORE_APPROVAL'],
    ] as const) {
      const problem = expectProblem(
        await attempt(system, caseNumber, '/contract', { ...contract, signedOn }),
        422,
        code,
      );
      expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
      await expectRefusalAudited(caseNumber, '/api/v1/cases/:id/contract', code);
    }
    const refused = await getCase(system, caseNumber);
    expect(refused).toMatchObject({ status: 'APPROVED', contract: null });

    // Permitted: signed on the approval date, which is the business date.
    const signed = await act(system, caseNumber, '/contract', { ...contract, signedOn: today });
    expect(signed).toMatchObject({ status: 'CONTRACTED', contract: { signedOn: today } });
  });

  it('refuses a disbursement dated before the contract or after the business date', async () => {
    const { caseNumber, request } = await openCase(system);
    await driveTo(system, caseNumber, 'REGISTERED', { on: today });
    const reference = `DB-${request.bankReference}`;
    for (const [valueDate, code] of [
      [addDays(today, -1), 'DISBURSEMENT_BEFORE_CONTRACT'],
      [addDays(today, 1), 'DISBURSEMENT_AFTER_BUSINESS_DATE'],
    ] as const) {
      expectProblem(
        await attempt(system, caseNumber, '/disbursement', { reference, valueDate }),
        422,
        code,
      );
      await expectRefusalAudited(caseNumber, '/api/v1/cases/:id/disbursement', code);
    }
    expect(await getCase(system, caseNumber)).toMatchObject({
      status: 'REGISTERED',
      disbursement: null,
    });
    const active = await act(system, caseNumber, '/disbursement', { reference, valueDate: today });
    expect(active.status).toBe('ACTIVE');
  });

  it('refuses a repayment dated before the disbursement or after the business date', async () => {
    const { caseNumber, request, valueDate } = await openActiveCase(system);
    for (const [date, code] of [
      [addDays(valueDate, -1), 'REPAYMENT_BEFORE_DISBURSEMENT'],
      [addDays(today, 1), 'REPAYMENT_AFTER_BUSINESS_DATE'],
    ] as const) {
      expectProblem(
        await attempt(system, caseNumber, '/repayments', {
          reference: `RP-${request.bankReference}`,
          amount: '100.00',
          valueDate: date,
        }),
        422,
        code,
      );
      await expectRefusalAudited(caseNumber, '/api/v1/cases/:id/repayments', code);
    }
    expect((await getCase(system, caseNumber)).repayments).toEqual([]);
    const paid = await act(system, caseNumber, '/repayments', {
      reference: `RP-${request.bankReference}`,
      amount: '100.00',
      valueDate: today,
    });
    expect(paid.repayments).toHaveLength(1);
  });

  it('lets neither the insurer user who confirmed nor the fund user who reviewed pay the claim', async () => {
    const { caseNumber } = await openActiveCase(system);
    const declared = await declareDefault(system, caseNumber, {
      reasonCode: 'INSOLVENCY_FILING',
      reason: 'Court accepted a bankruptcy petition against the borrower',
    });
    const claims = declared.compensationClaims as { claimId: string; payer: string }[];
    const insurance = claims.find((c) => c.payer === 'INSURER')!.claimId;
    const fund = claims.find((c) => c.payer === 'FUND')!.claimId;
    const payments = () =>
      withDb(system, async (db) =>
        Number(
          (
            await db.query(
              `SELECT count(*) AS n FROM compensation_payment WHERE case_number = $1`,
              [caseNumber],
            )
          ).rows[0].n,
        ),
      );

    await act(system, caseNumber, `/compensation-claims/${insurance}/confirm`, {}, INSURER);
    expectProblem(
      await attempt(
        system,
        caseNumber,
        `/compensation-claims/${insurance}/pay`,
        { reference: `INS-${caseNumber.slice(-20)}` },
        INSURER,
      ),
      422,
      'COMPENSATION_CONFIRMER_CANNOT_PAY',
    );
    await expectRefusalAudited(
      caseNumber,
      '/api/v1/cases/:id/compensation-claims/:claimId/pay',
      'COMPENSATION_CONFIRMER_CANNOT_PAY',
    );
    expect(await payments()).toBe(0);
    const insurerPaid = await act(
      system,
      caseNumber,
      `/compensation-claims/${insurance}/pay`,
      { reference: `INS-${caseNumber.slice(-20)}` },
      INSURER_PAYER,
    );
    expect(
      (insurerPaid.compensationClaims as { claimId: string; payment: unknown }[]).find(
        (c) => c.claimId === insurance,
      )?.payment,
    ).toMatchObject({ paidBy: INSURER_PAYER });

    // The fund may be claimed once the scheme's trigger is reached: move the date there.
    const eligibleOn = (
      declared.compensationClaims as { payer: string; eligibleOn: string }[]
    ).find((c) => c.payer === 'FUND')!.eligibleOn;
    const res = await (
      await system.as(USERS.admin)
    ).post('/api/v1/admin/business-date/advance', { to: eligibleOn });
    expect(res.status).toBe(200);
    await act(system, caseNumber, `/compensation-claims/${fund}/review`, {}, FUND_MANAGER);
    expectProblem(
      await attempt(
        system,
        caseNumber,
        `/compensation-claims/${fund}/pay`,
        { reference: `FUND-${caseNumber.slice(-20)}` },
        FUND_MANAGER,
      ),
      422,
      'COMPENSATION_REVIEWER_CANNOT_PAY',
    );
    await expectRefusalAudited(
      caseNumber,
      '/api/v1/cases/:id/compensation-claims/:claimId/pay',
      'COMPENSATION_REVIEWER_CANNOT_PAY',
    );
    expect(await payments()).toBe(1);
    await act(
      system,
      caseNumber,
      `/compensation-claims/${fund}/pay`,
      { reference: `FUND-${caseNumber.slice(-20)}` },
      FUND_PAYER,
    );
    expect(await payments()).toBe(2);
  });
});
