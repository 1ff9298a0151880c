import { MESSAGES } from '../../apps/console/src/i18n';
import {
  attempt,
  driveTo,
  ensureEnterprise,
  expectProblem,
  freshAgent,
  getCase,
  openCase,
  PLEDGOR,
  registerAsset,
  RISK_SHARING,
  uniqueRef,
  USERS,
  VALUATION_FIRM,
} from '../support/case-flows';
import { screenshot } from './support/browser';
import { type ConsoleSystem, startConsoleSystem } from './support/console-system';
import {
  field,
  openTask,
  pick,
  statusZh,
  stepForm,
  submitAndExpect,
} from './support/console-pages';

const HAN = /\p{Script=Han}/u;
/** A label key (`case.asset.number`) or a raw code (`IN_FORCE`) left on screen. */
const KEY_LIKE = /\b[a-z]+(?:\.[a-zA-Z-]+){1,3}\b|\b[A-Z]{2,}(?:_[A-Z]+)+\b/;

/**
 * The loan officer's seat in the browser: a case from application to disbursement with every
 * step started from the inbox of whoever takes it, a four-eyes refusal in the server's words,
 * and the language switch on the case page.
 */
// Ten steps by four users through a real browser on a shared machine.
jest.setTimeout(900_000);

describe('loan officer’s seat (browser)', () => {
  let cs: ConsoleSystem;
  let caseNumber: string;
  beforeAll(async () => {
    cs = await startConsoleSystem();
  });
  afterAll(async () => {
    await cs?.close();
  });

  it('takes a case from application to ACTIVE, each step started from its taker’s inbox', async () => {
    const { system, baseUrl } = cs;
    await ensureEnterprise(system, PLEDGOR);
    const assetNumber = await registerAsset(system);
    const firms = (
      await (await system.as(USERS.officer)).get('/api/v1/organisations?kind=VALUATION_FIRM')
    ).body.items as { id: string; nameZh: string }[];
    const firm = firms.find((f) => f.id === VALUATION_FIRM)!;
    const reference = uniqueRef('WEB');

    const officer = await cs.signedIn(USERS.officer);
    await officer.goto(`${baseUrl}/cases/new`);
    await screenshot(officer, 'new-case');
    const application = officer.locator('form[aria-label="新建贷款案件"]');
    await field(application, '银行申请编号').fill(reference);
    await pick(officer, application.locator('.new-case__product'), '');
    await field(application, '借款企业统一社会信用代码').fill(PLEDGOR.uscc);
    await field(application, '贷款金额（元）').fill('800000.00');
    await field(application, '年利率（小数，如 0.0345）').fill('0.0345');
    await field(application, '登记编号').fill(assetNumber);
    await application.getByRole('button', { name: '创建案件' }).click();
    await officer.waitForURL(/\/cases\/BANK-SHCB-/);
    caseNumber = decodeURIComponent(new URL(officer.url()).pathname.split('/').pop()!);
    expect(caseNumber).toBe(`BANK-SHCB-${reference}`);
    await officer
      .getByTestId('case-status')
      .filter({ hasText: statusZh('DRAFT') })
      .waitFor();

    await submitAndExpect(
      officer,
      await openTask(officer, baseUrl, caseNumber, 'SUBMIT'),
      'SUBMITTED',
    );
    await submitAndExpect(
      officer,
      await openTask(officer, baseUrl, caseNumber, 'VERIFY_IP'),
      'VERIFIED',
    );
    const valuation = await openTask(officer, baseUrl, caseNumber, 'REQUEST_VALUATION');
    await pick(officer, field(valuation, '评估机构'), firm.nameZh);
    await submitAndExpect(officer, valuation, 'VALUATION');

    const evaluator = await cs.signedIn(USERS.evaluator);
    const report = await openTask(evaluator, baseUrl, caseNumber, 'SUBMIT_VALUATION');
    await field(report, '评估报告编号').fill(`VR-${reference}`.slice(0, 40));
    await pick(evaluator, field(report, '评估方法'), '收益法');
    await field(report, `${assetNumber} 的评估价值（元）`).fill('5000000.00');
    await submitAndExpect(evaluator, report, 'VALUED');

    const approver = await cs.signedIn(USERS.approver);
    const approval = await openTask(approver, baseUrl, caseNumber, 'APPROVE_CREDIT');
    await field(approval, '银行分担（基点）').fill(String(RISK_SHARING.bankBp));
    await field(approval, '保险分担（基点）').fill(String(RISK_SHARING.insurerBp));
    await field(approval, '补偿基金分担（基点）').fill(String(RISK_SHARING.fundBp));
    await field(approval, '担保分担（基点）').fill(String(RISK_SHARING.guarantorBp));
    await submitAndExpect(approver, approval, 'APPROVED');

    const contract = await openTask(officer, baseUrl, caseNumber, 'SIGN_CONTRACT');
    await field(contract, '借款合同编号').fill(`LC-${reference}`.slice(0, 40));
    await field(contract, '质押合同编号').fill(`PC-${reference}`.slice(0, 40));
    await submitAndExpect(officer, contract, 'CONTRACTED');
    await submitAndExpect(
      officer,
      await openTask(officer, baseUrl, caseNumber, 'SUBMIT_REGISTRATION'),
      'REGISTERING',
    );

    const clerk = await cs.signedIn(USERS.clerk);
    const registration = await openTask(clerk, baseUrl, caseNumber, 'ACCEPT_REGISTRATION');
    await field(registration, '登记编号').fill(`RG-${reference}`.slice(0, 40));
    await submitAndExpect(clerk, registration, 'REGISTERED');

    await officer.goto(`${baseUrl}/tasks`);
    await officer.locator(`a[data-task-link="DISBURSE"]`).first().waitFor();
    await screenshot(officer, 'tasks');
    const disbursement = await openTask(officer, baseUrl, caseNumber, 'DISBURSE');
    await field(disbursement, '业务流水号').fill(`DB-${reference}`);
    await submitAndExpect(officer, disbursement, 'ACTIVE');

    // The server holds what the forms sent, by whom.
    const view = await getCase(system, caseNumber);
    expect(view.status).toBe('ACTIVE');
    expect(view.loan.amount).toBe('800000.00');
    expect(view.valuation.latest).toMatchObject({
      reportNumber: `VR-${reference}`.slice(0, 40),
      method: 'INCOME',
    });
    expect(view.approval.riskSharing).toEqual(RISK_SHARING);
    expect(view.registration.current.registrationNumber).toBe(`RG-${reference}`.slice(0, 40));
    expect(view.disbursement.reference).toBe(`DB-${reference}`);
    const timeline = (
      await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}/timeline`)
    ).body.entries as { event: string; actorUserId: string }[];
    expect(
      timeline.filter((e) => e.event === 'SUBMIT_VALUATION').map((e) => e.actorUserId),
    ).toEqual([USERS.evaluator]);
    expect(timeline.filter((e) => e.event === 'APPROVE_CREDIT').map((e) => e.actorUserId)).toEqual([
      USERS.approver,
    ]);

    // The page shows the schedule the server drew up, one row per instalment.
    await officer.reload();
    await officer.locator('.schedule-row--due').first().waitFor();
    expect(await officer.locator('tr[class*="schedule-row--"]').count()).toBe(
      Math.min(view.schedule.length, 12),
    );
    await screenshot(officer, 'case-page');
    await officer.goto(`${baseUrl}/cases?owner=me`);
    await officer.locator(`a[href="/cases/${caseNumber}"]`).waitFor();
    await screenshot(officer, 'case-list');
  });

  it('switches every visible label on the case page between Chinese and English', async () => {
    const page = await cs.signedIn(USERS.officer);
    await page.goto(`${cs.baseUrl}/cases/${caseNumber}`);
    await page.locator('.schedule-row--due').first().waitFor();
    // Data is not translated: the borrower's, the product's, the organisations' and the users'
    // names (and user names such as officer.shcb) stay as the directory has them.
    const view = await getCase(cs.system, caseNumber);
    const users = (await cs.system.http.get('/api/v1/auth/dev-users').expect(200)).body as {
      displayName: string;
      username: string;
      organisation: string;
    }[];
    // The language switch names each language in itself (中文 / English) in both languages.
    const data = [
      view.enterprise.name,
      view.product.name,
      ...users.flatMap((u) => [u.organisation, u.displayName, u.username]),
      '中文',
      'English',
    ];
    const visibleLabels = async () => {
      let text = await page.locator('body').innerText();
      for (const value of data) text = text.split(value).join(' ');
      return text;
    };
    const onlyIn = (language: 'zh-CN' | 'en', other: 'zh-CN' | 'en') =>
      Object.entries(MESSAGES[language])
        .filter(
          ([key, text]) =>
            !text.includes('{') && text.length > 3 && text !== MESSAGES[other][key as never],
        )
        .map(([, text]) => text);

    const zh = await visibleLabels();
    expect(zh).toMatch(HAN);
    expect(zh).not.toMatch(KEY_LIKE);
    expect(onlyIn('en', 'zh-CN').filter((label) => zh.includes(label))).toEqual([]);

    await page.locator('.ant-segmented-item', { hasText: 'English' }).click();
    await page.getByText(MESSAGES.en['case.schedule']).waitFor();
    const en = await visibleLabels();
    expect(en.match(new RegExp(`.{0,20}${HAN.source}.{0,20}`, 'u'))).toBeNull();
    expect(en).not.toMatch(KEY_LIKE);
    expect(onlyIn('zh-CN', 'en').filter((label) => en.includes(label))).toEqual([]);
    await screenshot(page, 'case-page-en');

    // The choice is kept: a new tab opens in English; switching back restores Chinese.
    const again = await cs.signedIn(USERS.officer);
    await again.goto(`${cs.baseUrl}/cases/${caseNumber}`);
    await again.getByText(MESSAGES.en['case.schedule']).waitFor();
    await again.locator('.ant-segmented-item', { hasText: '中文' }).click();
    await again.getByText(MESSAGES['zh-CN']['case.schedule']).waitFor();
  });

  it('shows the server’s Chinese four-eyes refusal when the preparer, now an approver, approves', async () => {
    const { system, baseUrl } = cs;
    const db = await system.db();
    await db.query(
      `INSERT INTO app_user (id, username, display_name, organisation_id, role)
       VALUES ('dual.web', 'dual.web', '双岗 (web)', 'BANK-SHCB', 'LOAN_OFFICER')`,
    );
    const asOfficer = await freshAgent(system, 'dual.web');
    const { caseNumber: prepared } = await openCase(
      system,
      { bankReference: uniqueRef('4EYESWEB') },
      asOfficer,
    );
    await driveTo(system, prepared, 'VALUED', { officer: asOfficer });
    await db.query(`UPDATE app_user SET role = 'CREDIT_APPROVER' WHERE id = 'dual.web'`);
    await db.end();

    const page = await cs.signedIn('dual.web');
    // The language is kept per browser; this test reads the Chinese labels.
    await page.evaluate("localStorage.setItem('console.language', 'zh-CN')");
    // A link to the approval step (as a colleague would send it): the server is the judge.
    await page.goto(`${baseUrl}/cases/${prepared}?action=APPROVE_CREDIT`);
    const approval = stepForm(page, 'APPROVE_CREDIT');
    // The shares must add up to the whole loss: checked inline, nothing is sent.
    await field(approval, '银行分担（基点）').fill('2000');
    await field(approval, '保险分担（基点）').fill('1600');
    await field(approval, '补偿基金分担（基点）').fill('5400');
    await field(approval, '担保分担（基点）').fill('999');
    await approval.getByRole('button', { name: /提\s*交/ }).click();
    await approval.getByText('四方分担合计须为 10000 基点（当前 9999）').waitFor();
    await field(approval, '担保分担（基点）').fill(String(RISK_SHARING.guarantorBp));
    await approval.getByRole('button', { name: /提\s*交/ }).click();

    const alert = approval.locator('[data-problem-code="FOUR_EYES_VIOLATION"]');
    await alert.waitFor();
    const problem = expectProblem(
      await attempt(
        system,
        prepared,
        '/credit-approval',
        { riskSharing: RISK_SHARING },
        'dual.web',
      ),
      422,
      'FOUR_EYES_VIOLATION',
    );
    expect(problem.detailZh).toMatch(HAN);
    await expect(alert.innerText()).resolves.toContain(problem.detailZh);
    await screenshot(page, 'four-eyes-refusal');
    expect((await getCase(system, prepared)).status).toBe('VALUED');
  });
});
