import type { Page } from 'playwright-core';
import {
  advanceTo,
  businessDate,
  expectOk,
  getCase,
  newUscc,
  USERS,
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
import { screenshot } from './support/browser';
import { startConsoleSystem, type ConsoleSystem } from './support/console-system';

jest.setTimeout(300_000);

/** Yuan text as fen, and back: the test's own arithmetic, independent of the API's SQL. */
const fen = (yuan: string) => {
  const [whole, fraction = ''] = yuan.split('.');
  return BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
};
const yuan = (f: bigint) => `${f / 100n}.${String(f % 100n).padStart(2, '0')}`;
/** A figure as the screen shows it ("1,600,000.00 元") back in the API's text. */
const shown = (text: string) => text.replace(/[,\s元]/g, '');

/**
 * Issue 12, dashboard: a small portfolio of 2026 (two loans of two enterprises in two
 * districts, one instalment repaid on each, one interest subsidy paid). The dashboard's figures
 * equal GET /indicators, and those equal the figures this test computes from what it created.
 */
describe('dashboard: the programme indicators in the browser', () => {
  let console_: ConsoleSystem;
  const loans: { caseNumber: string; amount: string; principalRepaid: bigint }[] = [];
  let subsidy: Json;

  beforeAll(async () => {
    console_ = await startConsoleSystem();
    const system = console_.system;
    expect(await businessDate(system)).toBe('2026-01-15');
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'PUDONG-DASHBOARD' }),
    );
    // A Pudong enterprise's interest-only loan and a Xuhui enterprise's equal-principal one.
    const xuhui = { uscc: newUscc(), name: '上海看板测试科技有限公司', districtCode: '310104' };
    const specs = [
      { amount: '1000000.00', termMonths: 12 },
      {
        amount: '600000.00',
        termMonths: 12,
        repaymentMethod: 'EQUAL_PRINCIPAL' as const,
        enterprise: { ...xuhui, sme: true },
      },
    ];
    for (const spec of specs) {
      const view = await openLoan(system, spec);
      loans.push({ caseNumber: view.caseNumber, amount: spec.amount, principalRepaid: 0n });
    }
    await advanceTo(system, '2026-02-15');
    for (const loan of loans) {
      await repayOnDueDates(system, loan.caseNumber, [1]);
      const first = (await getCase(system, loan.caseNumber)).schedule.find(
        (r: Json) => r.seq === 1,
      );
      loan.principalRepaid = fen(first.principal);
    }
    subsidy = await submitInterest(system, USERS.officer, {
      caseNumber: loans[0]!.caseNumber,
      fromInstalment: 1,
      toInstalment: 1,
    });
    await claimAct(system, subsidy.id, 'review', 'reviewer.pudong');
    await claimAct(system, subsidy.id, 'approve', 'approver.pudong');
    subsidy = await claimAct(system, subsidy.id, 'pay', 'reviewer.pudong', {
      paymentReference: `PAY-${subsidy.id}`,
    });
  });

  afterAll(async () => {
    await console_?.close();
  });

  async function indicators(query: string): Promise<Json> {
    const res = await (await console_.system.as(USERS.admin)).get(`/api/v1/indicators?${query}`);
    expectOk(res, 200);
    return res.body;
  }

  async function figure(page: Page, testId: string): Promise<string> {
    return (await page.getByTestId(testId).innerText()).trim();
  }

  /** The dashboard's figures, read from their elements, in the API's text. */
  async function screenFigures(page: Page): Promise<Record<string, string>> {
    await page.getByTestId('registered-amount').waitFor();
    return {
      registeredAmount: shown(await figure(page, 'registered-amount')),
      registeredProjects: await figure(page, 'registered-projects'),
      outstandingBalance: shown(await figure(page, 'outstanding-balance')),
      firstTimeBorrowers: await figure(page, 'first-time-borrowers'),
      defaultsCount: await figure(page, 'defaults-count'),
      compensationPaid: shown(await figure(page, 'compensation-paid')),
      disposalSettled: await figure(page, 'disposal-settled'),
    };
  }

  const apiFigures = (f: Json) => ({
    registeredAmount: f.registeredPledge.amount,
    registeredProjects: String(f.registeredPledge.projects),
    outstandingBalance: f.outstandingBalance,
    firstTimeBorrowers: String(f.firstTimeBorrowers),
    defaultsCount: String(f.defaults.count),
    compensationPaid: f.compensation.paid,
    disposalSettled: String(f.disposal.settled),
  });

  it('shows the figures of GET /indicators, which are those of the portfolio it created', async () => {
    const page = await console_.signedIn(USERS.admin);
    await page.goto(`${console_.baseUrl}/dashboard?year=2026`);
    const api = await indicators('year=2026');
    const onScreen = await screenFigures(page);
    expect(onScreen).toEqual(apiFigures(api));

    // The same figures computed here from the loans, repayments and claim this test made.
    const lent = loans.reduce((sum, l) => sum + fen(l.amount), 0n);
    const repaid = loans.reduce((sum, l) => sum + l.principalRepaid, 0n);
    expect(onScreen).toEqual({
      registeredAmount: yuan(lent),
      registeredProjects: String(loans.length),
      outstandingBalance: yuan(lent - repaid),
      // Two enterprises, each with its first loan in 2026.
      firstTimeBorrowers: '2',
      defaultsCount: '0',
      compensationPaid: '0.00',
      disposalSettled: '0',
    });
    // The one subsidy paid, in its district and kind; the previous year had nothing to grow on.
    expect(api.subsidiesPaid).toEqual([
      { kind: 'INTEREST', districtCode: '310115', amount: subsidy.paidAmount, claims: 1 },
    ]);
    await expect(
      page.getByTestId('subsidy-310115-INTEREST-amount').innerText().then(shown),
    ).resolves.toBe(subsidy.paidAmount);
    expect(api.registeredPledge.amountGrowth).toBeNull();
    await expect(figure(page, 'amount-growth')).resolves.toContain('上年为零');
    expect(api.workingDays.applicationToDisbursement.cases).toBe(loans.length);
    await page.getByTestId('chart-subsidies').locator('svg').waitFor();
    await screenshot(page, 'dashboard');

    // In English, no Chinese is left on the page's labels and figures but the currency unit
    // (the console's amount format writes 元 and 万元 in both languages).
    await page.getByText('English', { exact: true }).click();
    await page.getByText('IP-pledge financing dashboard').waitFor();
    const english = await page.locator('.frame__content').innerText();
    expect(english.replace(/万?元/g, '')).not.toMatch(/[\u4e00-\u9fff]/);
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('知识产权质押融资业务看板').waitFor();

    // Filtered to Pudong: the Pudong loan only, as the API and this test count it.
    await page.goto(`${console_.baseUrl}/dashboard?year=2026&district=310115`);
    await page.getByTestId('registered-projects').filter({ hasText: '1' }).waitFor();
    const pudong = await indicators('year=2026&district=310115');
    const pudongScreen = await screenFigures(page);
    expect(pudongScreen).toEqual(apiFigures(pudong));
    expect(pudongScreen).toMatchObject({
      registeredAmount: loans[0]!.amount,
      registeredProjects: '1',
      outstandingBalance: yuan(fen(loans[0]!.amount) - loans[0]!.principalRepaid),
    });
  });
});
