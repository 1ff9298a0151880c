import {
  act,
  advanceTo,
  businessDate,
  declareDefault,
  expectCaseStatus,
  expectOk,
  newUscc,
  USERS,
  type Json,
} from '../support/case-flows';
import {
  disposalStep,
  getDisposal,
  openInterestOnlyLoan,
  payCompensationClaims,
  registerBidder,
} from '../support/disposal-flows';
import { screenshot } from './support/browser';
import { startConsoleSystem, type ConsoleSystem } from './support/console-system';

jest.setTimeout(300_000);

/** The waterfall's lines in the order the page lists them. */
const LINES = [
  'proceeds',
  'costs',
  'bankInterest',
  'bankPrincipal',
  'fund',
  'insurer',
  'pledgor',
  'unrecovered',
];

/** A figure as the screen shows it ("425,555.55") back in the API's text ("425555.55"). */
const yuanText = (shown: string) => shown.replace(/[,\s元]/g, '');

/**
 * Issue 12, disposal audit: a loan defaults, the insurer and the fund pay, two auction rounds
 * pass unsold with three bids, a negotiated transfer below the floor is approved and completed.
 * An administrator opens its disposal file: the price path has both rounds and every bid, the
 * waterfall's rows are the API's, the audit chain is checked, and a finding is recorded.
 */
describe('disposal audit: an administrator reads a disposal file in the browser', () => {
  let console_: ConsoleSystem;
  let caseNumber: string;

  beforeAll(async () => {
    console_ = await startConsoleSystem();
    const system = console_.system;
    const today = await businessDate(system);
    const loan = await openInterestOnlyLoan(system, {
      on: today,
      valuationValidUntil: '2026-03-31',
      title: 'disposal audit: browser',
    });
    caseNumber = loan.caseNumber;
    const ref = loan.request.bankReference;
    await advanceTo(system, '2026-02-16');
    await advanceTo(system, '2026-03-18');
    await advanceTo(system, '2026-04-17');
    const defaulted = await declareDefault(system, caseNumber, {
      reasonCode: 'PAST_DUE',
      reason: 'Borrower stopped paying and cannot be reached',
    });
    expect(defaulted.status).toBe('COMPENSATION');
    await payCompensationClaims(system, caseNumber, ref);
    await act(system, caseNumber, '/disposal');
    await disposalStep(
      system,
      caseNumber,
      '/valuation',
      {
        reportNumber: `VR2-${ref}`,
        method: 'MARKET',
        baseDate: '2026-04-17',
        assets: [{ number: loan.patent, value: '800000.00' }],
      },
      USERS.evaluator,
    );
    await disposalStep(system, caseNumber, '/method', { method: 'AUCTION' });
    await disposalStep(system, caseNumber, '/rounds', { startingPrice: '560000.00' });
    const buyer = newUscc();
    const [a, b, c] = [
      await registerBidder(system, caseNumber, '2026-04-17'),
      await registerBidder(system, caseNumber, '2026-04-17'),
      await registerBidder(system, caseNumber, '2026-04-17', buyer),
    ];
    await disposalStep(system, caseNumber, '/bids', { bidderId: a.bidderId, amount: '500000.00' });
    await advanceTo(system, '2026-04-24');
    await disposalStep(system, caseNumber, '/rounds', { startingPrice: '450000.00' });
    await disposalStep(system, caseNumber, '/bids', { bidderId: b.bidderId, amount: '440000.00' });
    await disposalStep(system, caseNumber, '/bids', { bidderId: c.bidderId, amount: '449999.99' });
    await advanceTo(system, '2026-05-06');
    expect((await getDisposal(system, caseNumber)).status).toBe('AUCTION_FAILED');
    await disposalStep(system, caseNumber, '/sale', {
      method: 'NEGOTIATED_TRANSFER',
      buyer,
      price: '425555.55',
    });
    await disposalStep(
      system,
      caseNumber,
      '/sale/approve',
      { reason: 'Two rounds unsold; best offer after a market sounding' },
      USERS.admin,
    );
    await disposalStep(system, caseNumber, '/sale/complete', { costs: '12000.00' });
    await expectCaseStatus(system, caseNumber, 'CLOSED');
  });

  afterAll(async () => {
    await console_?.close();
  });

  async function apiFile(): Promise<Json> {
    const res = await (
      await console_.system.as(USERS.admin)
    ).get(`/api/v1/admin/disposal-files/${caseNumber}`);
    expectOk(res, 200);
    return res.body;
  }

  it('shows the price path of every round and bid, the waterfall of the API, the audit chain', async () => {
    const file = await apiFile();
    expect(file.rounds).toHaveLength(2);
    expect(file.bids).toHaveLength(3);
    const page = await console_.signedIn(USERS.admin);

    // The list names the case's file; one click opens it.
    await page.goto(`${console_.baseUrl}/disposal-files`);
    const link = page.getByTestId('disposal-files').getByRole('link', { name: caseNumber });
    await link.waitFor();
    await screenshot(page, 'disposal-files');
    await link.click();
    await page.waitForURL(`**/disposal-files/${caseNumber}`);

    // The price path: a chart drawn with one point per round and one per bid.
    const path = page.getByTestId('price-path');
    await path.locator('svg').first().waitFor();
    await expect(path.getAttribute('data-rounds')).resolves.toBe(String(file.rounds.length));
    await expect(path.getAttribute('data-bids')).resolves.toBe(String(file.bids.length));
    expect(await page.getByTestId('rounds').locator('tbody tr.ant-table-row').count()).toBe(
      file.rounds.length,
    );
    expect(await page.getByTestId('bids').locator('tbody tr.ant-table-row').count()).toBe(
      file.bids.length,
    );
    const starts = await page
      .getByTestId('rounds')
      .locator('tbody tr.ant-table-row')
      .evaluateAll((rows) => rows.map((row) => row.children[2]!.textContent ?? ''));
    expect(starts.map(yuanText)).toEqual(file.rounds.map((r: Json) => r.startingPrice));

    // The waterfall: each row is the API's figure, and they add up as the API's do.
    expect(await page.getByTestId('waterfall').locator('tbody tr.ant-table-row').count()).toBe(
      LINES.length,
    );
    for (const line of LINES)
      await expect(page.getByTestId(`waterfall-${line}`).innerText().then(yuanText)).resolves.toBe(
        file.waterfall[line],
      );
    await page.getByTestId('waterfall-chart').locator('svg').waitFor();

    // The audit chain as the verifier answers it.
    const verify = (await (await console_.system.as(USERS.admin)).get('/api/v1/audit/verify')).body;
    expect(verify.ok).toBe(true);
    await page.getByTestId('audit-ok').waitFor();
    await screenshot(page, 'disposal-file');

    // The PDF is one click away: the button downloads the file the API lays out.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('pdf').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`disposal-file-${caseNumber}.pdf`);

    // A finding recorded from the page appears on the file, and in the API's file.
    await page.getByLabel('标题').fill('第二轮降幅接近上限');
    await page.getByLabel('内容').fill('第二轮起拍价较首轮下降 19.64%，接近规则允许的 20%。');
    await page.getByTestId('finding-form').getByRole('button', { name: '记录审计发现' }).click();
    await page.getByTestId('findings').getByText('第二轮降幅接近上限').first().waitFor();
    const after = await apiFile();
    expect(after.findings).toEqual([
      expect.objectContaining({ seq: 1, severity: 'OBSERVATION', title: '第二轮降幅接近上限' }),
    ]);
  });
});
