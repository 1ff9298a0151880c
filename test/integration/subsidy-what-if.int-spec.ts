import {
  advanceTo,
  businessDate,
  expectOk,
  expectProblem,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  claimAct,
  openLoan,
  policyTerms,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(120_000);

const PUDONG_TERMS = policyTerms({
  programme: 'PUDONG-WHATIF',
  eligibility: { registeredInDistrict: true },
});
const XUHUI_TERMS = policyTerms({ programme: 'XUHUI-WHATIF' });

/**
 * What-if of a draft policy over real claims. Three loans of the same enterprise (Pudong),
 * 1,000,000.00 interest-only at 4.35 %, disbursed 2026-01-15; C's IP secures only half of it.
 * Instalment interest = 1,000,000.00 × 0.0435 × days / 360, half up:
 *   #1 2026-01-15 → 02-15, 31 days = 3,745.8333… → 3,745.83; #2 02-15 → 03-15, 28 days = 3,383.33.
 * Claims under the Pudong policy in force (50 % of the interest paid, no caps):
 *   P1 (Feb) A #1: 3,745.83 × 0.5 = 1,872.915 → 1,872.92, PAID;
 *   P2 (Feb) C #1: 3,745.83 × 0.5 (IP share) = 1,872.92 × 0.5 = 936.46, REJECTED (paid 0);
 *   P3 (Mar) A #2: 3,383.33 × 0.5 = 1,691.665 → 1,691.67, PAID;
 *   P4 (Mar) B #1..#2: 1,872.92 + 1,691.67 = 3,564.59, APPROVED, not paid yet;
 *   X1 (Mar) C #2 claimed in Xuhui: 3,383.33 × 0.5 = 1,691.67 × 0.5 = 845.835 → 845.84, SUBMITTED.
 */
describe('subsidy what-if: a draft policy over past claims', () => {
  let system: TestSystem;
  const claims: Record<string, Json> = {};
  let before: Json;

  /** What the what-if must leave untouched: policies, claims, their timelines, pools, movements. */
  const snapshot = () =>
    withDb(system, async (db) => ({
      policies: (await db.query(`SELECT id, version, terms FROM subsidy_policy ORDER BY id`)).rows,
      claims: (
        await db.query(
          `SELECT id, status, amount_fen, paid_fen, version FROM subsidy_claim ORDER BY id`,
        )
      ).rows,
      events: (await db.query(`SELECT count(*)::int AS n FROM subsidy_claim_event`)).rows[0].n,
      pools: (
        await db.query(
          `SELECT district_code, kind, budget_year, total_fen, reserved_fen, paid_fen FROM budget_pool
            ORDER BY 1, 2, 3`,
        )
      ).rows,
      movements: (await db.query(`SELECT count(*)::int AS n FROM budget_movement`)).rows[0].n,
    }));

  async function whatIf(who: string, body: object) {
    return (await system.as(who)).post('/api/v1/subsidies/policies/what-if', body);
  }

  async function whatIfOk(who: string, body: object): Promise<Json> {
    const res = await whatIf(who, body);
    expectOk(res, 200);
    return res.body;
  }

  const month = (
    name: string,
    claimCount: number,
    ineligibleUnderDraft: number,
    wouldPay: string,
    paid: string,
    difference: string,
  ) => ({ month: name, claims: claimCount, ineligibleUnderDraft, wouldPay, paid, difference });

  beforeAll(async () => {
    system = await startTestSystem();
    expect(await businessDate(system)).toBe('2026-01-15');
    await publishPolicy(system, 'approver.pudong', 'INTEREST', PUDONG_TERMS);
    await publishPolicy(system, 'approver.xuhui', 'INTEREST', XUHUI_TERMS);
    const loan = (ipSecuredShare?: string) =>
      openLoan(system, { amount: '1000000.00', termMonths: 12, ipSecuredShare }).then(
        (view) => view.caseNumber as string,
      );
    const A = await loan();
    const B = await loan();
    const C = await loan('0.5');
    const claim = (caseNumber: string, from: number, to: number, districtCode?: string) =>
      submitInterest(system, USERS.officer, {
        caseNumber,
        fromInstalment: from,
        toInstalment: to,
        districtCode,
      });
    const reviewAndApprove = async (claimId: string) => {
      await claimAct(system, claimId, 'review', 'reviewer.pudong');
      return claimAct(system, claimId, 'approve', 'approver.pudong');
    };
    const pay = (claimId: string) =>
      claimAct(system, claimId, 'pay', 'reviewer.pudong', { paymentReference: `PAY-${claimId}` });

    await advanceTo(system, '2026-02-15');
    for (const caseNumber of [A, B, C]) await repayOnDueDates(system, caseNumber, [1]);
    claims.P1 = await claim(A, 1, 1);
    await reviewAndApprove(claims.P1.id);
    claims.P1 = await pay(claims.P1.id);
    claims.P2 = await claim(C, 1, 1);
    await claimAct(system, claims.P2.id, 'review', 'reviewer.pudong');
    claims.P2 = await claimAct(system, claims.P2.id, 'reject', 'reviewer.pudong', {
      reason: 'pledge contract not signed by the co-owner',
    });

    await advanceTo(system, '2026-03-15');
    for (const caseNumber of [A, B, C]) await repayOnDueDates(system, caseNumber, [2]);
    claims.P3 = await claim(A, 2, 2);
    await reviewAndApprove(claims.P3.id);
    claims.P3 = await pay(claims.P3.id);
    claims.P4 = await claim(B, 1, 2);
    claims.P4 = await reviewAndApprove(claims.P4.id);
    claims.X1 = await claim(C, 2, 2, '310104');

    // The figures the header comment computes, as the system stored them.
    expect(
      Object.fromEntries(
        Object.entries(claims).map(([name, c]) => [name, [c.status, c.amount, c.submittedOn]]),
      ),
    ).toEqual({
      P1: ['PAID', '1872.92', '2026-02-15'],
      P2: ['REJECTED', '936.46', '2026-02-15'],
      P3: ['PAID', '1691.67', '2026-03-15'],
      P4: ['APPROVED', '3564.59', '2026-03-15'],
      X1: ['SUBMITTED', '845.84', '2026-03-15'],
    });
    before = await snapshot();
  });

  afterAll(async () => {
    await system?.close();
  });

  it('a draft equal to the policy in force reproduces every claim, month by month, against what was paid', async () => {
    const result = await whatIfOk('approver.pudong', {
      kind: 'INTEREST',
      terms: PUDONG_TERMS,
      from: '2026-01-01',
      to: '2026-03-15',
    });
    // Feb: P1 1,872.92 + P2 936.46 = 2,809.38 would be paid; paid P1 1,872.92 (P2 was rejected).
    // Mar: P3 1,691.67 + P4 3,564.59 = 5,256.26; paid P3 1,691.67 (P4 approved, not yet paid).
    // Xuhui's claim X1 is not Pudong's. January had no claims.
    expect(result).toEqual({
      districtCode: '310115',
      kind: 'INTEREST',
      from: '2026-01-01',
      to: '2026-03-15',
      months: [
        month('2026-01', 0, 0, '0.00', '0.00', '0.00'),
        month('2026-02', 2, 0, '2809.38', '1872.92', '936.46'),
        month('2026-03', 2, 0, '5256.26', '1691.67', '3564.59'),
      ],
      totals: {
        claims: 4,
        ineligibleUnderDraft: 0,
        // 2,809.38 + 5,256.26 = 8,065.64; 1,872.92 + 1,691.67 = 3,564.59; difference 4,501.05.
        wouldPay: '8065.64',
        paid: '3564.59',
        difference: '4501.05',
      },
    });
  });

  it('a draft with another ratio, an LPR cap, a yearly cap and a minimum IP share, computed by hand', async () => {
    const draft = policyTerms({
      programme: 'PUDONG-DRAFT-2027',
      eligibility: { registeredInDistrict: true, minIpShare: '0.6' },
      lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1.2' },
      ratio: '0.4',
      caps: { perLoan: null, perEnterprisePerYear: '4000.00', perEnterpriseCumulative: null },
    });
    const result = await whatIfOk('approver.pudong', {
      kind: 'INTEREST',
      terms: draft,
      from: '2026-01-01',
      to: '2026-03-15',
    });
    // 1-year LPR on 2026-01-15 = 3.00 %; LPR interest = 1,000,000.00 × 0.03 × 1.2 × days / 360:
    // 31 days = 3,100.00, 28 days = 2,800.00, both below the interest paid, so the LPR binds.
    // In submission order, the enterprise's 2026 cap of 4,000.00 filling up:
    //   P1 A #1: 3,100.00 × 0.4 = 1,240.00                      (used 1,240.00)
    //   P2 C #1: IP share 0.5 < 0.6 → ineligible under the draft, 0
    //   P3 A #2: 2,800.00 × 0.4 = 1,120.00                      (used 2,360.00)
    //   P4 B #1: 1,240.00                                        (used 3,600.00)
    //   P4 B #2: 1,120.00, only 4,000.00 − 3,600.00 = 400.00 left → 400.00 (used 4,000.00)
    // Feb: would pay 1,240.00, paid 1,872.92, difference −632.92.
    // Mar: would pay 1,120.00 + 1,240.00 + 400.00 = 2,760.00, paid 1,691.67, difference 1,068.33.
    expect(result.months).toEqual([
      month('2026-01', 0, 0, '0.00', '0.00', '0.00'),
      month('2026-02', 2, 1, '1240.00', '1872.92', '-632.92'),
      month('2026-03', 2, 0, '2760.00', '1691.67', '1068.33'),
    ]);
    // 1,240.00 + 2,760.00 = 4,000.00 (the cap); 4,000.00 − 3,564.59 = 435.41.
    expect(result.totals).toEqual({
      claims: 4,
      ineligibleUnderDraft: 1,
      wouldPay: '4000.00',
      paid: '3564.59',
      difference: '435.41',
    });

    // Only March: the February claims are outside the range and use none of the cap, so
    // 1,120.00 + 1,240.00 + 1,120.00 = 3,480.00 stays under 4,000.00; paid 1,691.67.
    const march = await whatIfOk('approver.pudong', {
      kind: 'INTEREST',
      terms: draft,
      from: '2026-03-01',
      to: '2026-03-15',
    });
    expect(march.months).toEqual([month('2026-03', 2, 0, '3480.00', '1691.67', '1788.33')]);
  });

  it("each district sees its own claims: Xuhui's approver re-runs only X1", async () => {
    const result = await whatIfOk('approver.xuhui', {
      kind: 'INTEREST',
      terms: XUHUI_TERMS,
      from: '2026-03-01',
      to: '2026-03-15',
    });
    // X1: 845.84 would be paid (as computed at submission); nothing paid yet.
    expect(result).toMatchObject({
      districtCode: '310104',
      months: [month('2026-03', 1, 0, '845.84', '0.00', '845.84')],
    });
  });

  it('refuses other districts, other roles, bad terms and bad ranges', async () => {
    const body = { kind: 'INTEREST', terms: PUDONG_TERMS, from: '2026-01-01', to: '2026-03-15' };
    expectProblem(
      await whatIf('approver.pudong', { ...body, districtCode: '310104' }),
      403,
      'ORGANISATION_FORBIDDEN',
    );
    expectProblem(await whatIf('reviewer.pudong', body), 403, 'ROLE_FORBIDDEN');
    expectProblem(await whatIf(USERS.officer, body), 403, 'ROLE_FORBIDDEN');
    expectProblem(
      await whatIf('approver.pudong', { ...body, terms: { ...PUDONG_TERMS, ratio: '1.5' } }),
      400,
      'INVALID_POLICY',
    );
    // `undefined` leaves the JSON body without caps.
    expectProblem(
      await whatIf('approver.pudong', { ...body, terms: { ...PUDONG_TERMS, caps: undefined } }),
      400,
      'INVALID_POLICY',
    );
    for (const range of [
      { from: '2026-03-02', to: '2026-03-01' }, // from after to
      { from: '2026-03-01', to: '2026-03-16' }, // ends after today (2026-03-15)
      { from: '2023-03-15', to: '2026-03-15' }, // three years: one day too long
    ]) {
      expectProblem(
        await whatIf('approver.pudong', { ...body, ...range }),
        400,
        'INVALID_DATE_RANGE',
      );
    }
    expectProblem(
      await whatIf('approver.pudong', { ...body, from: 'last March' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await whatIf('approver.pudong', { ...body, from: '2026-02-30' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('stores nothing: policy versions, claims, timelines and budget pools are as they were', async () => {
    expect(await snapshot()).toEqual(before);
  });
});
