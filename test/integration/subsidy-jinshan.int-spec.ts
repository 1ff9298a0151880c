import { advanceTo, businessDate, expectProblem, USERS } from '../support/case-flows';
import { DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import {
  claimAct,
  claimInterest,
  openLoan,
  poolFigures,
  repayOnDueDates,
  startInstallationOn,
  submitInterest,
} from '../support/subsidy-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

jest.setTimeout(120_000);

const JINSHAN_PROOFS = [
  'APPLICATION',
  'LOAN_CONTRACT',
  'PLEDGE_CONTRACT',
  'DISBURSEMENT_VOUCHER',
  'REPAYMENT_VOUCHER',
  'REGISTRATION_PROOF',
];

/**
 * The seeded Jinshan policy reproduces the district's 2024 call (docs/domain.md): 50 % of
 * the interest on the IP-secured portion, interest at the actual rate but at most the LPR at
 * disbursement, 6 months, at most 50,000 yuan, paid only after the principal is repaid on time
 * between 2023-07-01 and 2024-06-30, IP securing at least 30 % of the credit.
 */
describe('the seeded Jinshan 2024 interest subsidy', () => {
  let system: TestSystem;
  let caseNumber: string;
  const jinshan = { ...DEMO_ENTERPRISES.jinshanMaterials, sme: true };

  beforeAll(async () => {
    system = await startTestSystem();
    await startInstallationOn(system, '2024-02-20');
  });

  afterAll(async () => {
    await system?.close();
  });

  it('is seeded as an example with the 2024 call’s parameters', async () => {
    const res = await (
      await system.as('reviewer.jinshan')
    ).get('/api/v1/subsidies/policies?district=310116&kind=INTEREST');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: '310116-INTEREST-v1',
        example: true,
        effectiveFrom: '2023-07-01',
        terms: expect.objectContaining({
          eligibility: expect.objectContaining({ registeredInDistrict: true, minIpShare: '0.3' }),
          lprCap: { reference: 'DISBURSEMENT', tenor: 'ONE_YEAR', multiple: '1' },
          ratio: '0.5',
          subsidisedMonths: 6,
          caps: { perLoan: null, perEnterprisePerYear: '50000.00', perEnterpriseCumulative: null },
          trigger: 'AFTER_SETTLEMENT',
          window: { repaidFrom: '2023-07-01', repaidTo: '2024-06-30' },
          requiredProofs: JINSHAN_PROOFS,
        }),
      }),
    ]);
  });

  it('refuses a claim before the loan is settled, then pays 3,478.75 on the settled loan', async () => {
    expect(await businessDate(system)).toBe('2024-02-20');
    // 1,000,000.00 at 4.35 % for 4 months, interest only, IP securing 60 % of it, a Jinshan firm.
    const loan = await openLoan(system, {
      enterprise: jinshan,
      amount: '1000000.00',
      termMonths: 4,
      ipSecuredShare: '0.6',
    });
    caseNumber = loan.caseNumber;
    expect(loan.schedule.map((r: { dueDate: string }) => r.dueDate)).toEqual([
      '2024-03-20',
      '2024-04-20',
      '2024-05-20',
      '2024-06-20',
    ]);

    await advanceTo(system, '2024-04-20');
    await repayOnDueDates(system, caseNumber, [1, 2]);
    const early = expectProblem(
      await claimInterest(system, USERS.officer, {
        caseNumber,
        fromInstalment: 1,
        toInstalment: 2,
        proofs: JINSHAN_PROOFS,
      }),
      422,
      'NOT_ELIGIBLE',
    );
    expect(early.details.failures.map((f: { rule: string }) => f.rule)).toEqual(['NOT_SETTLED']);

    await advanceTo(system, '2024-06-20');
    await repayOnDueDates(system, caseNumber, [3, 4]);
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber,
      fromInstalment: 1,
      toInstalment: 4,
      proofs: JINSHAN_PROOFS,
    });
    // LPR on the disbursement date 2024-02-20: 3.45 %. Per instalment (days; paid at 4.35 %;
    // LPR interest at 3.45 %, the lower = base; × 0.6 IP share; × 0.5):
    //  1: 02-20→03-20, 29 d; 3,504.17; 1,000,000 × 0.0345 × 29/360 = 2,779.166… → 2,779.17;
    //     × 0.6 = 1,667.502 → 1,667.50; × 0.5 = 833.75
    //  2: 03-20→04-20, 31 d; 3,745.83; 2,970.833… → 2,970.83; → 1,782.498 → 1,782.50; → 891.25
    //  3: 04-20→05-20, 30 d; 3,625.00; 2,875.00; → 1,725.00; → 862.50
    //  4: 05-20→06-20, 31 d; 3,745.83; 2,970.83; → 1,782.50; → 891.25
    // Total 833.75 + 891.25 + 862.50 + 891.25 = 3,478.75, limited by the LPR.
    expect(claim).toMatchObject({
      districtCode: '310116',
      policyId: '310116-INTEREST-v1',
      policyVersion: 1,
      budgetYear: 2024,
      periodStart: '2024-02-20',
      periodEnd: '2024-06-20',
      amount: '3478.75',
      limitedBy: 'LPR',
      status: 'SUBMITTED',
    });
    expect(
      claim.computation.lines.map((l: Record<string, unknown>) => [
        l.days,
        l.interestPaid,
        l.lprInterest,
        l.ipBase,
        l.subsidy,
      ]),
    ).toEqual([
      [29, '3504.17', '2779.17', '1667.50', '833.75'],
      [31, '3745.83', '2970.83', '1782.50', '891.25'],
      [30, '3625.00', '2875.00', '1725.00', '862.50'],
      [31, '3745.83', '2970.83', '1782.50', '891.25'],
    ]);
    expect(claim.computation.lines[0].lpr).toEqual({
      referenceDate: '2024-02-20',
      effectiveFrom: '2024-02-20',
      rate: '0.0345',
    });

    await claimAct(system, claim.id, 'review', 'reviewer.jinshan');
    await claimAct(system, claim.id, 'approve', 'approver.jinshan');
    const paid = await claimAct(system, claim.id, 'pay', 'reviewer.jinshan', {
      paymentReference: 'JS-2024-0001',
    });
    expect(paid).toMatchObject({ status: 'PAID', paidAmount: '3478.75', paidOn: '2024-06-20' });
    // Seeded pool 2,000,000.00; 3,478.75 paid.
    expect(await poolFigures(system, '310116', 'INTEREST', 2024)).toMatchObject({
      total: '2000000.00',
      reserved: '0.00',
      paid: '3478.75',
    });
  });
});
