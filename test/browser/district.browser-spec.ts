import type { Page } from 'playwright-core';
import { advanceTo, businessDate, expectOk, USERS, type Json } from '../support/case-flows';
import {
  openLoan,
  policyTerms,
  publishPolicy,
  repayOnDueDates,
  submitInterest,
} from '../support/subsidy-flows';
import { screenshot } from './support/browser';
import { startConsoleSystem, type ConsoleSystem } from './support/console-system';

jest.setTimeout(300_000);

const REVIEWER = 'reviewer.pudong';
const APPROVER = 'approver.pudong';
const POOL = 'pool-310115-INTEREST-2026';
const SLA_NAMES: Record<string, string> = { ON_TIME: '正常', DUE_SOON: '即将到期', LATE: '已超时' };

/** A figure as the screen shows it ("1,872.92 元") back in the API's text ("1872.92"). */
const yuanText = (shown: string) => shown.replace(/[,\s元]/g, '');

/**
 * Issue 12, district desk: a district reviewer and a different approver take an interest
 * subsidy claim through review, approval and payment in the browser; the budget gauge shows the
 * pool's figures as the API answers them, before and after, and the four eyes hold on screen.
 */
describe('district desk: a claim reviewed, approved and paid in the browser', () => {
  let console_: ConsoleSystem;
  let claim: Json;

  beforeAll(async () => {
    console_ = await startConsoleSystem();
    const system = console_.system;
    expect(await businessDate(system)).toBe('2026-01-15');
    await publishPolicy(
      system,
      APPROVER,
      'INTEREST',
      policyTerms({ programme: 'PUDONG-BROWSER', eligibility: { registeredInDistrict: true } }),
    );
    const loan = await openLoan(system, { amount: '1000000.00', termMonths: 12 });
    await advanceTo(system, '2026-02-15');
    await repayOnDueDates(system, loan.caseNumber as string, [1]);
    claim = await submitInterest(system, USERS.officer, {
      caseNumber: loan.caseNumber as string,
      fromInstalment: 1,
      toInstalment: 1,
    });
    expect(claim.status).toBe('SUBMITTED');
  });

  afterAll(async () => {
    await console_?.close();
  });

  /** The Pudong interest pool of 2026 as the API answers the district's user. */
  async function apiPool(who: string): Promise<Json> {
    const res = await (await console_.system.as(who)).get('/api/v1/subsidies/budgets?year=2026');
    expectOk(res, 200);
    const pool = (res.body.items as Json[]).find(
      (p) => p.districtCode === '310115' && p.kind === 'INTEREST',
    );
    expect(pool).toBeDefined();
    return pool;
  }

  /** The gauge's figures as the page shows them, in the API's text. */
  async function gaugeFigures(page: Page): Promise<Record<string, string>> {
    const gauge = page.getByTestId(POOL);
    await gauge.getByTestId(`${POOL}-gauge`).locator('svg').waitFor();
    const figures: Record<string, string> = {};
    for (const part of ['total', 'reserved', 'paid', 'available'])
      figures[part] = yuanText(await gauge.getByTestId(`${POOL}-${part}`).innerText());
    figures.waitlisted = (await gauge.getByTestId(`${POOL}-waitlisted`).innerText()).trim();
    return figures;
  }

  const figuresOf = (pool: Json) => ({
    total: pool.total,
    reserved: pool.reserved,
    paid: pool.paid,
    available: pool.available,
    waitlisted: String(pool.waitlisted),
  });

  async function step(page: Page, action: string, fill?: (page: Page) => Promise<void>) {
    await page.getByTestId(`action-${action}`).click();
    await fill?.(page);
    await page.getByTestId('submit-step').click();
  }

  async function claimStatus(page: Page, zh: string): Promise<void> {
    await page.getByTestId('claim-status').filter({ hasText: zh }).waitFor();
  }

  it('moves the gauge from reserved to paid, with the reviewer and the approver on record', async () => {
    // The reviewer finds the claim on the desk, its gauge showing the pool as the API has it.
    const reviewer = await console_.signedIn(REVIEWER);
    await reviewer.goto(`${console_.baseUrl}/district`);
    const before = await apiPool(REVIEWER);
    expect(before.reserved).toBe(claim.amount);
    expect(await gaugeFigures(reviewer)).toEqual(figuresOf(before));
    const row = reviewer.getByTestId('claims-table').locator('tr', { hasText: claim.id });
    // Its time limit is the inbox's: the same task, the same SLA state.
    const inbox = await (await console_.system.as(REVIEWER)).get('/api/v1/tasks?pageSize=100');
    expectOk(inbox, 200);
    const task = (inbox.body.items as Json[]).find((item) => item.subject.id === claim.id);
    expect(task).toBeDefined();
    await expect(row.getByTestId(`sla-${claim.id}`).innerText()).resolves.toBe(
      SLA_NAMES[task.sla as string],
    );
    await row.getByRole('link', { name: '审核通过' }).click();
    await reviewer.waitForURL(`**/district/claims/${claim.id}?action=review`);
    // The computation line by line: one instalment, 50 % of the interest paid.
    const line = claim.computation.lines[0];
    await expect(reviewer.getByTestId(`line-1-subsidy`).innerText().then(yuanText)).resolves.toBe(
      line.subsidy,
    );
    await screenshot(reviewer, 'district-claim');
    await reviewer.getByLabel('审核意见').fill('还款凭证与银行流水一致');
    await reviewer.getByTestId('submit-step').click();
    await claimStatus(reviewer, '已审核');
    // Four eyes: the reviewer's seat has no approval to give.
    await expect(reviewer.getByTestId('action-approve').count()).resolves.toBe(0);

    // The approver approves; the claim names both, and the approver cannot pay it.
    const approver = await console_.signedIn(APPROVER);
    await approver.goto(`${console_.baseUrl}/district/claims/${claim.id}`);
    await claimStatus(approver, '已审核');
    await step(approver, 'approve');
    await claimStatus(approver, '已批准');
    const approved = (
      await (await console_.system.as(APPROVER)).get(`/api/v1/subsidies/claims/${claim.id}`)
    ).body;
    expect(approved.reviewedBy).not.toBe(approved.approvedBy);
    await expect(approver.getByTestId('reviewed-by').innerText()).resolves.toContain(
      approved.reviewedBy,
    );
    await expect(approver.getByTestId('approved-by').innerText()).resolves.toContain(
      approved.approvedBy,
    );
    await expect(approver.getByTestId('action-pay').count()).resolves.toBe(0);

    // The reviewer records the payment: the gauge moves the amount from reserved to paid.
    await reviewer.reload();
    await step(reviewer, 'pay', (page) => page.getByLabel('支付凭证号').fill(`PAY-${claim.id}`));
    await claimStatus(reviewer, '已拨付');
    await reviewer.goto(`${console_.baseUrl}/district`);
    const after = await apiPool(REVIEWER);
    expect(await gaugeFigures(reviewer)).toEqual(figuresOf(after));
    expect(after).toMatchObject({ total: before.total, reserved: '0.00', paid: claim.amount });
    await screenshot(reviewer, 'district-desk');

    // The approver tries the policy in force on this year's claims: it pays what was paid.
    await approver.goto(`${console_.baseUrl}/district/what-if`);
    await approver.getByTestId('current-policy').getByText('PUDONG-BROWSER').waitFor();
    await approver.getByTestId('run-what-if').click();
    await approver.getByTestId('what-if-chart').locator('svg').waitFor();
    await expect(
      approver.getByTestId('what-if-would-pay').innerText().then(yuanText),
    ).resolves.toBe(claim.amount);
    await expect(approver.getByTestId('what-if-paid').innerText().then(yuanText)).resolves.toBe(
      after.paid,
    );
    await expect(
      approver.getByTestId('what-if-difference').innerText().then(yuanText),
    ).resolves.toBe('0.00');
    await screenshot(approver, 'district-what-if');
  });
});
