import {
  advanceTo,
  businessDate,
  expectOk,
  expectProblem,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { csvRows, exportWhenReady, xlsxRows } from '../support/export-flows';
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

const HEADERS = [
  '申请编号 Claim',
  '区 District',
  '补贴类型 Kind',
  '预算年度 Budget year',
  '案件编号 Case number',
  '银行 Bank',
  '统一社会信用代码 Enterprise USCC',
  '企业名称 Enterprise',
  '贴息期间起 Period from',
  '贴息期间止（不含） Period to (exclusive)',
  '保险单号 Insurance policy',
  '政策编号 Policy',
  '政策版本 Policy version',
  '申请日期 Submitted on',
  '补贴金额（元） Amount (yuan)',
  '限额因素 Limited by',
  '状态 Status',
  '审批人 Approved by',
  '审批日期 Approved on',
  '付款凭证号 Payment reference',
  '付款日期 Paid on',
  '实付金额（元） Paid (yuan)',
];

/**
 * Exports of approved and paid subsidy claims. Three loans of one Pudong enterprise, interest-only
 * at 4.35 %, disbursed 2026-01-15; each claims its first instalment (31 days) on 2026-02-15:
 *   P1 Pudong, A 1,000,000.00: 1,000,000.00 × 0.0435 × 31/360 = 3,745.8333… → 3,745.83;
 *      × 0.5 = 1,872.915 → 1,872.92, PAID;
 *   P2 Pudong, B 600,000.00: 600,000.00 × 0.0435 × 31/360 = 2,247.50; × 0.5 = 1,123.75, APPROVED;
 *   P3 Pudong premium of A: 12,000.00 × 1 (IP share) × 0.5 = 6,000.00, capped at 5,000.00 per
 *      loan → 5,000.00 (limited by CAP), PAID;
 *   P4 Pudong premium of B, awaiting the insurer: not exported (neither approved nor paid);
 *   X1 Xuhui, C 800,000.00: 800,000.00 × 0.0435 × 31/360 = 2,996.6666… → 2,996.67;
 *      × 0.5 = 1,498.335 → 1,498.34, APPROVED.
 */
describe('subsidy claim exports (CSV and XLSX)', () => {
  let system: TestSystem;
  const claims: Record<string, Json> = {};
  const policies: Record<string, Json> = {};

  async function claimPremium(caseNumber: string, premium: string): Promise<Json> {
    const res = await (
      await system.as(USERS.officer)
    ).post('/api/v1/subsidies/claims/insurance', {
      caseNumber,
      insurerOrgId: 'INS-ANXIN',
      insurancePolicyNumber: `AX-${caseNumber.slice(-12)}`,
      premium,
      premiumPaidOn: '2026-01-15',
      proofs: ['INSURANCE_POLICY'],
    });
    expectOk(res, 201);
    return res.body;
  }

  async function approve(claimId: string, district: 'pudong' | 'xuhui'): Promise<Json> {
    await claimAct(system, claimId, 'review', `reviewer.${district}`);
    return claimAct(system, claimId, 'approve', `approver.${district}`);
  }

  const pay = (claimId: string) =>
    claimAct(system, claimId, 'pay', 'reviewer.pudong', { paymentReference: `PAY-${claimId}` });

  /** The row an export must hold for a claim: identity from the claim, figures given by hand. */
  function expectedRow(
    claim: Json,
    policy: Json,
    figures: { amount: string; limitedBy: string; status: string; paidAmount: string },
  ): string[] {
    const paid = figures.status === 'PAID';
    return [
      claim.id,
      claim.districtCode,
      claim.kind,
      '2026',
      claim.caseNumber,
      'BANK-SHCB',
      claim.enterpriseUscc,
      claim.enterpriseName,
      claim.kind === 'INTEREST' ? '2026-01-15' : '',
      claim.kind === 'INTEREST' ? '2026-02-15' : '',
      claim.kind === 'INTEREST' ? '' : claim.insurancePolicyNumber,
      policy.id,
      String(policy.version),
      '2026-02-15',
      figures.amount,
      figures.limitedBy,
      figures.status,
      `approver.${claim.districtCode === '310115' ? 'pudong' : 'xuhui'}`,
      '2026-02-15',
      paid ? `PAY-${claim.id}` : '',
      paid ? '2026-02-15' : '',
      figures.paidAmount,
    ];
  }

  const rows: Record<string, string[]> = {};

  beforeAll(async () => {
    system = await startTestSystem();
    expect(await businessDate(system)).toBe('2026-01-15');
    policies.pudong = await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'PUDONG-EXPORT', eligibility: { registeredInDistrict: true } }),
    );
    policies.pudongPremium = await publishPolicy(
      system,
      'approver.pudong',
      'INSURANCE_PREMIUM',
      policyTerms({
        programme: 'PUDONG-EXPORT-PREMIUM',
        caps: { perLoan: '5000.00', perEnterprisePerYear: null, perEnterpriseCumulative: null },
        requiredProofs: ['INSURANCE_POLICY'],
      }),
    );
    policies.xuhui = await publishPolicy(
      system,
      'approver.xuhui',
      'INTEREST',
      policyTerms({ programme: 'XUHUI-EXPORT' }),
    );
    const loan = (amount: string) =>
      openLoan(system, { amount, termMonths: 12 }).then((view) => view.caseNumber as string);
    const A = await loan('1000000.00');
    const B = await loan('600000.00');
    const C = await loan('800000.00');
    await advanceTo(system, '2026-02-15');
    for (const caseNumber of [A, B, C]) await repayOnDueDates(system, caseNumber, [1]);
    const interest = (caseNumber: string, districtCode?: string) =>
      submitInterest(system, USERS.officer, {
        caseNumber,
        fromInstalment: 1,
        toInstalment: 1,
        districtCode,
      });

    claims.P1 = await interest(A);
    await approve(claims.P1.id, 'pudong');
    claims.P1 = await pay(claims.P1.id);
    claims.P2 = await approve((await interest(B)).id, 'pudong');
    claims.P3 = await claimPremium(A, '12000.00');
    await claimAct(system, claims.P3.id, 'insurer-confirmation', 'insurer.anxin', {
      premium: '12000.00',
    });
    await approve(claims.P3.id, 'pudong');
    claims.P3 = await pay(claims.P3.id);
    claims.P4 = await claimPremium(B, '8000.00');
    claims.X1 = await approve((await interest(C, '310104')).id, 'xuhui');
    expect(
      Object.fromEntries(Object.entries(claims).map(([name, c]) => [name, [c.status, c.amount]])),
    ).toEqual({
      P1: ['PAID', '1872.92'],
      P2: ['APPROVED', '1123.75'],
      P3: ['PAID', '5000.00'],
      P4: ['AWAITING_INSURER', '4000.00'],
      X1: ['APPROVED', '1498.34'],
    });

    rows.P1 = expectedRow(claims.P1, policies.pudong, {
      amount: '1872.92',
      limitedBy: '',
      status: 'PAID',
      paidAmount: '1872.92',
    });
    rows.P2 = expectedRow(claims.P2, policies.pudong, {
      amount: '1123.75',
      limitedBy: '',
      status: 'APPROVED',
      paidAmount: '',
    });
    rows.P3 = expectedRow(claims.P3, policies.pudongPremium, {
      amount: '5000.00',
      limitedBy: 'CAP',
      status: 'PAID',
      paidAmount: '5000.00',
    });
    rows.X1 = expectedRow(claims.X1, policies.xuhui, {
      amount: '1498.34',
      limitedBy: '',
      status: 'APPROVED',
      paidAmount: '',
    });
  });

  afterAll(async () => {
    await system?.close();
  });

  it("a district reviewer exports the district's approved and paid claims as CSV, to the fen", async () => {
    const { file, job } = await exportWhenReady(system, 'reviewer.pudong', {
      kind: 'subsidy-claims',
      format: 'csv',
    });
    expect(job.filter).toEqual({ status: 'APPROVED,PAID', districtCode: '310115' });
    expect(job.contentType).toContain('text/csv');
    const [header, ...body] = csvRows(file);
    expect(header).toEqual(HEADERS);
    // In submission order; P4 (awaiting the insurer) and Xuhui's X1 are not there.
    expect(body).toEqual([rows.P1, rows.P2, rows.P3]);
    expect(job.rowCount).toBe(3);
  });

  it('an approver exports only the paid ones as XLSX: money as exact text, years and versions as numbers', async () => {
    const { file } = await exportWhenReady(system, 'approver.pudong', {
      kind: 'subsidy-claims',
      format: 'xlsx',
      filter: { status: 'PAID' },
    });
    const [header, ...body] = await xlsxRows(file);
    expect(header).toEqual(HEADERS);
    // Empty cells read back as undefined; numbers as numbers.
    const asXlsx = (row: string[]) =>
      row.map((cell, index) =>
        cell === '' ? undefined : index === 3 || index === 12 ? Number(cell) : cell,
      );
    expect(body).toEqual([asXlsx(rows.P1!), asXlsx(rows.P3!)]);
  });

  it("another district's reviewer sees none of them; an administrator sees all, or one district", async () => {
    const xuhui = await exportWhenReady(system, 'reviewer.xuhui', {
      kind: 'subsidy-claims',
      format: 'csv',
    });
    expect(csvRows(xuhui.file).slice(1)).toEqual([rows.X1]);

    const all = await exportWhenReady(system, USERS.admin, {
      kind: 'subsidy-claims',
      format: 'csv',
    });
    expect(all.job.filter).toEqual({ status: 'APPROVED,PAID' });
    // Ordered by district, then submission.
    expect(csvRows(all.file).slice(1)).toEqual([rows.X1, rows.P1, rows.P2, rows.P3]);

    const pudongPremiums = await exportWhenReady(system, USERS.admin, {
      kind: 'subsidy-claims',
      format: 'csv',
      filter: { districtCode: '310115', kind: 'INSURANCE_PREMIUM', budgetYear: '2026' },
    });
    expect(csvRows(pudongPremiums.file).slice(1)).toEqual([rows.P3]);

    const before = await exportWhenReady(system, USERS.admin, {
      kind: 'subsidy-claims',
      format: 'csv',
      filter: { submittedTo: '2026-02-14' },
    });
    expect(csvRows(before.file)).toEqual([HEADERS]);
  });

  it('refuses bad filters, foreign districts and other roles, queuing nothing', async () => {
    const countJobs = () =>
      withDb(system, async (db) => {
        const { rows: found } = await db.query(
          `SELECT count(*)::int AS n FROM export_job WHERE kind = 'subsidy-claims'`,
        );
        return found[0].n as number;
      });
    const queued = await countJobs();
    const reviewer = await system.as('reviewer.pudong');
    const request = (filter: object) =>
      reviewer.post('/api/v1/exports', { kind: 'subsidy-claims', format: 'csv', filter });
    for (const filter of [
      { status: 'SUBMITTED' },
      { status: 'PAID,REJECTED' },
      { kind: 'LOAN' },
      { budgetYear: 'this year' },
      { submittedFrom: '2026-02-30' },
      { bankOrgId: 'BANK-SHCB' },
    ]) {
      expectProblem(await request(filter), 400, 'INVALID_EXPORT_FILTER');
    }
    expectProblem(await request({ districtCode: '310104' }), 403, 'ORGANISATION_FORBIDDEN');
    expectProblem(
      await (
        await system.as(USERS.officer)
      ).post('/api/v1/exports', { kind: 'subsidy-claims', format: 'csv' }),
      403,
      'ROLE_FORBIDDEN',
    );
    expect(await countJobs()).toBe(queued);
  });
});
