import { DEMO_ENTERPRISES, uscc } from '../../libs/persistence/src/seed/seed';
import {
  act,
  attempt,
  caseNumberOf,
  driveTo,
  ensureEnterprise,
  expectCaseStatus,
  expectOk,
  expectProblem,
  freshAgent,
  getCase,
  newPatentNumber,
  newUscc,
  openCase,
  PLEDGOR,
  registerAsset,
  RISK_SHARING,
  uniqueRef,
  USERS,
  withDb,
  type AssetSpec,
  type CaseAssetInput,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

// The integration project's testTimeout is not applied to a project run, so set it here.
jest.setTimeout(60_000);

/**
 * Every refusal answers with its HTTP status and stable code, and leaves the case where it was.
 * The business date stays at the seeded 2026-01-15 throughout this file.
 */
describe('refusals: steps the workflow refuses, and the ways out of them', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  describe('pledge registration', () => {
    it('is refused, corrected and resubmitted, then accepted', async () => {
      const { caseNumber } = await openCase(system, { bankReference: uniqueRef('REG') });
      await driveTo(system, caseNumber, 'REGISTERING');

      // Only the registration office decides, and only with a known reason code.
      expectProblem(
        await attempt(system, caseNumber, '/registration/accept', {
          registrationNumber: 'RG-BY-OFFICER',
          registeredOn: '2026-01-15',
        }),
        403,
        'ROLE_FORBIDDEN',
      );
      expectProblem(
        await attempt(
          system,
          caseNumber,
          '/registration/refuse',
          { reason: 'NO_SUCH_REASON' },
          USERS.clerk,
        ),
        400,
        'VALIDATION_FAILED',
      );
      await expectCaseStatus(system, caseNumber, 'REGISTERING');

      const refused = await act(
        system,
        caseNumber,
        '/registration/refuse',
        { reason: 'CONTRACT_DEFECTIVE', note: 'signature page of the pledge contract missing' },
        USERS.clerk,
      );
      expect(refused.status).toBe('CONTRACTED');
      expect(refused.registration.current).toBeNull();
      expect(refused.registration.filings).toEqual([
        expect.objectContaining({
          filingNumber: `${caseNumber}-F1`,
          outcome: 'REFUSED',
          refusalReason: 'CONTRACT_DEFECTIVE',
          refusalNote: 'signature page of the pledge contract missing',
        }),
      ]);
      // A refused filing cannot be accepted afterwards.
      expectProblem(
        await attempt(
          system,
          caseNumber,
          '/registration/accept',
          { registrationNumber: 'RG-LATE', registeredOn: '2026-01-15' },
          USERS.clerk,
        ),
        409,
        'INVALID_TRANSITION',
      );
      await expectCaseStatus(system, caseNumber, 'CONTRACTED');

      const resubmitted = await act(system, caseNumber, '/registration');
      expect(resubmitted.status).toBe('REGISTERING');
      const registrationNumber = `RG-${caseNumber.slice(-16)}`;
      const accepted = await act(
        system,
        caseNumber,
        '/registration/accept',
        { registrationNumber, registeredOn: '2026-01-15' },
        USERS.clerk,
      );
      expect(accepted.status).toBe('REGISTERED');
      expect(accepted.registration.filings.map((f: Json) => [f.filingNumber, f.outcome])).toEqual([
        [`${caseNumber}-F1`, 'REFUSED'],
        [`${caseNumber}-F2`, 'ACCEPTED'],
      ]);
      expect(accepted.registration.current).toMatchObject({
        filingNumber: `${caseNumber}-F2`,
        registrationNumber,
        registeredOn: '2026-01-15',
      });

      await withDb(system, async (db) => {
        const filings = await db.query(
          `SELECT filing_number, outcome, refusal_reason, registration_number FROM registration_filing WHERE case_number = $1 ORDER BY filing_number`,
          [caseNumber],
        );
        expect(filings.rows).toEqual([
          {
            filing_number: `${caseNumber}-F1`,
            outcome: 'REFUSED',
            refusal_reason: 'CONTRACT_DEFECTIVE',
            registration_number: null,
          },
          {
            filing_number: `${caseNumber}-F2`,
            outcome: 'ACCEPTED',
            refusal_reason: null,
            registration_number: registrationNumber,
          },
        ]);
        const pledges = await db.query(
          `SELECT filing_number, status FROM pledge WHERE case_number = $1`,
          [caseNumber],
        );
        expect(pledges.rows).toEqual([{ filing_number: `${caseNumber}-F2`, status: 'ACTIVE' }]);
      });
    });
  });

  describe('ending an application', () => {
    it('rejects credit: only an approver may, with a reason, and nothing moves afterwards', async () => {
      const { caseNumber } = await openCase(system, { bankReference: uniqueRef('REJ') });
      await driveTo(system, caseNumber, 'VALUED');

      expectProblem(
        await attempt(system, caseNumber, '/reject', { reason: 'officer tries' }),
        403,
        'ROLE_FORBIDDEN',
      );
      expectProblem(
        await attempt(system, caseNumber, '/reject', { reason: '' }, USERS.approver),
        400,
        'VALIDATION_FAILED',
      );
      await expectCaseStatus(system, caseNumber, 'VALUED');

      const rejected = await act(
        system,
        caseNumber,
        '/reject',
        { reason: 'cash flow too thin for the requested amount' },
        USERS.approver,
      );
      expect(rejected.status).toBe('REJECTED');
      expect(rejected.closure).toMatchObject({
        kind: 'REJECTED',
        on: '2026-01-15',
        reason: 'cash flow too thin for the requested amount',
      });

      // A closed case takes no further step.
      const closed = expectProblem(
        await attempt(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: RISK_SHARING },
          USERS.approver,
        ),
        409,
        'INVALID_TRANSITION',
      );
      expect(closed.details).toEqual({ status: 'REJECTED', event: 'APPROVE_CREDIT' });
      await expectCaseStatus(system, caseNumber, 'REJECTED');
      const timeline = await (
        await system.as(USERS.officer)
      ).get(`/api/v1/cases/${caseNumber}/timeline`);
      expect(timeline.body.entries.at(-1)).toMatchObject({
        event: 'REJECT',
        toStatus: 'REJECTED',
        actorUserId: USERS.approver,
        payload: { reason: 'cash flow too thin for the requested amount' },
      });
    });

    it('withdraws a registered application: only the loan officer may, and the pledge is cancelled as waived', async () => {
      const asset = await registerAsset(system);
      const { caseNumber } = await openCase(system, {
        bankReference: uniqueRef('WDR'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      await driveTo(system, caseNumber, 'REGISTERED');

      expectProblem(
        await attempt(
          system,
          caseNumber,
          '/withdraw',
          { reason: 'approver tries' },
          USERS.approver,
        ),
        403,
        'ROLE_FORBIDDEN',
      );
      await expectCaseStatus(system, caseNumber, 'REGISTERED');

      const withdrawn = await act(system, caseNumber, '/withdraw', {
        reason: 'the enterprise found cheaper funding',
      });
      expect(withdrawn.status).toBe('WITHDRAWN');
      expect(withdrawn.closure).toMatchObject({
        kind: 'WITHDRAWN',
        reason: 'the enterprise found cheaper funding',
      });
      await expectCaseStatus(system, caseNumber, 'WITHDRAWN');

      await withDb(system, async (db) => {
        const pledges = await db.query(
          `SELECT status, release_ground FROM pledge WHERE case_number = $1`,
          [caseNumber],
        );
        expect(pledges.rows).toEqual([{ status: 'RELEASED', release_ground: 'PLEDGEE_WAIVED' }]);
      });
      // The asset is free again: another case may pledge it.
      const next = await openCase(system, {
        bankReference: uniqueRef('WDR'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      await driveTo(system, next.caseNumber, 'VERIFIED');
    });
  });

  describe('credit approval', () => {
    it('refuses an officer (ROLE_FORBIDDEN) and the preparer, even once promoted to approver (FOUR_EYES_VIOLATION)', async () => {
      await withDb(system, (db) =>
        db.query(
          `INSERT INTO app_user (id, username, display_name, organisation_id, role) VALUES ('dual.shcb', 'dual.shcb', '双岗 (test)', 'BANK-SHCB', 'LOAN_OFFICER')`,
        ),
      );
      const asOfficer = await freshAgent(system, 'dual.shcb');
      const { caseNumber, view } = await openCase(
        system,
        { bankReference: uniqueRef('4EYES') },
        asOfficer,
      );
      expect(view.preparer).toEqual({ userId: 'dual.shcb', username: 'dual.shcb' });
      await driveTo(system, caseNumber, 'VALUED', { officer: asOfficer });

      expectProblem(
        await attempt(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: RISK_SHARING },
          USERS.officer,
        ),
        403,
        'ROLE_FORBIDDEN',
      );
      await expectCaseStatus(system, caseNumber, 'VALUED');

      // The preparer's role changes; a new token carries the new role.
      await withDb(system, (db) =>
        db.query(`UPDATE app_user SET role = 'CREDIT_APPROVER' WHERE id = 'dual.shcb'`),
      );
      const asApprover = await freshAgent(system, 'dual.shcb');
      const me = await asApprover.get('/api/v1/auth/me');
      expect(me.body).toMatchObject({ userId: 'dual.shcb', role: 'CREDIT_APPROVER' });
      const allowed = await asApprover.get(`/api/v1/cases/${caseNumber}/allowed-actions`);
      expect(allowed.body.actions.map((a: Json) => a.action)).toEqual(['reject', 'reassign-owner']);

      const problem = expectProblem(
        await attempt(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: RISK_SHARING },
          asApprover,
        ),
        422,
        'FOUR_EYES_VIOLATION',
      );
      expect(problem.details).toEqual({ preparer: 'dual.shcb' });
      await expectCaseStatus(system, caseNumber, 'VALUED');

      // Risk shares must add up to the whole loss.
      expectProblem(
        await attempt(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: { ...RISK_SHARING, bankBp: 1999 } },
          USERS.approver,
        ),
        422,
        'INVALID_RISK_SHARING',
      );
      await expectCaseStatus(system, caseNumber, 'VALUED');

      // The IP cannot secure more than the whole loan.
      expectProblem(
        await attempt(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: RISK_SHARING, ipSecuredShare: '1.2' },
          USERS.approver,
        ),
        422,
        'INVALID_IP_SECURED_SHARE',
      );
      await expectCaseStatus(system, caseNumber, 'VALUED');

      // Another approver may approve it.
      const approved = await act(
        system,
        caseNumber,
        '/credit-approval',
        { riskSharing: RISK_SHARING, ipSecuredShare: '0.6' },
        USERS.approver,
      );
      expect(approved.status).toBe('APPROVED');
      expect(approved.approval.approverUserId).toBe(USERS.approver);
      expect(approved.approval.ipSecuredShare).toBe('0.6');
    });

    it('refuses a loan above the LTV cap of the valuation (LTV_EXCEEDED), and accepts one exactly at it', async () => {
      const asset = await registerAsset(system);
      const { caseNumber } = await openCase(system, {
        bankReference: uniqueRef('LTV'),
        amount: '1000000.00',
        assets: [{ type: 'PATENT', number: asset }],
      });
      // 0.25 × 3,000,000.00 = 750,000.00 < 1,000,000.00
      await driveTo(system, caseNumber, 'VALUED', {
        values: [{ number: asset, value: '3000000.00' }],
        reportNumber: `VR1-${caseNumber.slice(-12)}`,
      });

      const problem = expectProblem(
        await attempt(
          system,
          caseNumber,
          '/credit-approval',
          { riskSharing: RISK_SHARING },
          USERS.approver,
        ),
        422,
        'LTV_EXCEEDED',
      );
      expect(problem.details).toEqual({
        amount: '1000000.00',
        maxLoan: '750000.00',
        totalValue: '3000000.00',
      });
      await expectCaseStatus(system, caseNumber, 'VALUED');

      // A new valuation: 0.25 × 4,000,000.00 = 1,000,000.00, exactly the amount.
      await act(system, caseNumber, '/valuation-request', { firmOrgId: 'VAL-HUAYU' });
      const revalued = await act(
        system,
        caseNumber,
        '/valuation-report',
        {
          reportNumber: `VR2-${caseNumber.slice(-12)}`,
          method: 'MARKET',
          baseDate: '2026-01-15',
          assets: [{ number: asset, value: '4000000.00' }],
        },
        USERS.evaluator,
      );
      expect(revalued.valuation.latest).toMatchObject({ maxLoan: '1000000.00', method: 'MARKET' });
      expect(revalued.valuation.history).toHaveLength(2);
      const approved = await act(
        system,
        caseNumber,
        '/credit-approval',
        { riskSharing: RISK_SHARING },
        USERS.approver,
      );
      expect(approved.status).toBe('APPROVED');
    });
  });

  describe('one active pledge per asset', () => {
    it('refuses to verify a second case on an asset registered under a first one (ASSET_ALREADY_PLEDGED)', async () => {
      const asset = await registerAsset(system);
      const first = await openCase(system, {
        bankReference: uniqueRef('PLG'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      const second = await openCase(system, {
        bankReference: uniqueRef('PLG'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      await driveTo(system, first.caseNumber, 'REGISTERED');
      await act(system, second.caseNumber, '/submit');

      const problem = expectProblem(
        await attempt(system, second.caseNumber, '/verify-ip'),
        409,
        'ASSET_ALREADY_PLEDGED',
      );
      expect(problem.details.findings).toEqual([
        {
          number: asset,
          ground: 'ASSET_ALREADY_PLEDGED',
          evidence: { heldByCase: first.caseNumber },
        },
      ]);
      const after = await expectCaseStatus(system, second.caseNumber, 'SUBMITTED');
      // The evidence of the failed check is kept on the case.
      expect(after.ipCheck).toMatchObject({
        passed: false,
        assets: [{ number: asset, passed: false }],
      });
    });

    it('refuses the second registration when two verified cases race for one asset', async () => {
      const asset = await registerAsset(system);
      const a = await openCase(system, {
        bankReference: uniqueRef('RACE'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      const b = await openCase(system, {
        bankReference: uniqueRef('RACE'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      await driveTo(system, a.caseNumber, 'REGISTERING');
      await driveTo(system, b.caseNumber, 'REGISTERING');
      await act(
        system,
        a.caseNumber,
        '/registration/accept',
        { registrationNumber: `RG-${a.caseNumber.slice(-14)}`, registeredOn: '2026-01-15' },
        USERS.clerk,
      );

      const problem = expectProblem(
        await attempt(
          system,
          b.caseNumber,
          '/registration/accept',
          { registrationNumber: `RG-${b.caseNumber.slice(-14)}`, registeredOn: '2026-01-15' },
          USERS.clerk,
        ),
        409,
        'ASSET_ALREADY_PLEDGED',
      );
      expect(problem.details).toMatchObject({ assetNumber: asset, heldByCase: a.caseNumber });
      await expectCaseStatus(system, b.caseNumber, 'REGISTERING');
      await withDb(system, async (db) => {
        const active = await db.query(
          `SELECT case_number FROM pledge WHERE asset_number = $1 AND status = 'ACTIVE'`,
          [asset],
        );
        expect(active.rows).toEqual([{ case_number: a.caseNumber }]);
      });
    });

    it('is enforced by the database: a second ACTIVE pledge row violates a unique index', async () => {
      const asset = await registerAsset(system);
      const { caseNumber } = await openCase(system, {
        bankReference: uniqueRef('DBC'),
        assets: [{ type: 'PATENT', number: asset }],
      });
      await driveTo(system, caseNumber, 'REGISTERED');

      await withDb(system, async (db) => {
        await db.query(
          `INSERT INTO registration_filing (filing_number, case_number, bank_org_id, pledgor_uscc, assets, filed_on, outcome)
           VALUES ('ROGUE-F1', 'ROGUE', 'BANK-PDIB', $1, '[]', '2026-01-15', 'ACCEPTED')`,
          [PLEDGOR.uscc],
        );
        const insert = db.query(
          `INSERT INTO pledge (asset_number, case_number, filing_number, registration_number, pledgee_org_id, pledgor_uscc, status, registered_on)
           VALUES ($1, 'ROGUE', 'ROGUE-F1', 'RG-ROGUE', 'BANK-PDIB', $2, 'ACTIVE', '2026-01-15')`,
          [asset, PLEDGOR.uscc],
        );
        await expect(insert).rejects.toMatchObject({
          code: '23505',
          constraint: 'pledge_one_active_per_asset',
        });
        // A RELEASED row for the same asset is fine: only active pledges are unique.
        await db.query(
          `INSERT INTO pledge (asset_number, case_number, filing_number, registration_number, pledgee_org_id, pledgor_uscc, status, registered_on)
           VALUES ($1, 'ROGUE', 'ROGUE-F1', 'RG-ROGUE', 'BANK-PDIB', $2, 'RELEASED', '2026-01-15')`,
          [asset, PLEDGOR.uscc],
        );
        const rows = await db.query(
          `SELECT case_number, status FROM pledge WHERE asset_number = $1 ORDER BY id`,
          [asset],
        );
        expect(rows.rows).toEqual([
          { case_number: caseNumber, status: 'ACTIVE' },
          { case_number: 'ROGUE', status: 'RELEASED' },
        ]);
      });
    });
  });

  describe('pre-filing check of the pledged asset', () => {
    const otherOwner = DEMO_ENTERPRISES.xuhuiSoft.uscc;
    type Row = {
      ground: string;
      asset: Partial<AssetSpec> | null;
      pledge?: Partial<CaseAssetInput>;
    };
    // Each register entry fails exactly one ground; the loan runs 12 months from 2026-01-15.
    const rows: Row[] = [
      { ground: 'ASSET_NOT_FOUND', asset: null },
      { ground: 'PLEDGOR_NOT_OWNER', asset: { owners: [otherOwner] } },
      { ground: 'ASSET_LAPSED', asset: { legalStatus: 'LAPSED' } },
      { ground: 'ASSET_INVALIDATED', asset: { legalStatus: 'INVALIDATED' } },
      {
        ground: 'ASSET_NOT_GRANTED',
        asset: { legalStatus: 'PENDING', grantDate: null, expiryDate: null },
      },
      { ground: 'ANNUAL_FEE_UNPAID', asset: { annualFeePaidUntil: '2026-01-14' } },
      { ground: 'ASSET_FROZEN', asset: { legalStatus: 'FROZEN' } },
      { ground: 'OWNERSHIP_DISPUTE', asset: { legalStatus: 'OWNERSHIP_DISPUTE' } },
      { ground: 'DEBT_TERM_EXCEEDS_ASSET_TERM', asset: { expiryDate: '2027-01-14' } },
      { ground: 'CO_OWNER_CONSENT_MISSING', asset: { owners: [PLEDGOR.uscc, otherOwner] } },
      {
        ground: 'INVALIDATION_PENDING_UNCONFIRMED',
        asset: { legalStatus: 'INVALIDATION_PENDING' },
      },
    ];

    it.each(rows)(
      'refuses $ground and keeps the case SUBMITTED',
      async ({ ground, asset, pledge }) => {
        const number = asset ? await registerAsset(system, asset) : newPatentNumber();
        const { caseNumber } = await openCase(system, {
          bankReference: uniqueRef('PF'),
          assets: [{ type: 'PATENT', number, ...pledge }],
        });
        await act(system, caseNumber, '/submit');

        const problem = expectProblem(await attempt(system, caseNumber, '/verify-ip'), 422, ground);
        expect(problem.details.findings.map((f: Json) => [f.number, f.ground])).toEqual([
          [number, ground],
        ]);
        const view = await expectCaseStatus(system, caseNumber, 'SUBMITTED');
        expect(view.ipCheck).toMatchObject({ checkedOn: '2026-01-15', passed: false });
        expect(view.assets[0].check.findings.map((f: Json) => f.ground)).toEqual([ground]);
      },
    );

    it('passes a co-owned asset once every co-owner has consented', async () => {
      const number = await registerAsset(system, { owners: [PLEDGOR.uscc, otherOwner] });
      const { caseNumber } = await openCase(system, {
        bankReference: uniqueRef('PF'),
        assets: [{ type: 'PATENT', number, coOwnerConsents: [otherOwner] }],
      });
      await act(system, caseNumber, '/submit');
      const verified = await act(system, caseNumber, '/verify-ip');
      expect(verified.status).toBe('VERIFIED');
      expect(verified.ipCheck.assets).toEqual([
        expect.objectContaining({ number, passed: true, findings: [] }),
      ]);
    });

    it('passes an asset under invalidation proceedings once the parties have confirmed', async () => {
      const number = await registerAsset(system, { legalStatus: 'INVALIDATION_PENDING' });
      const { caseNumber } = await openCase(system, {
        bankReference: uniqueRef('PF'),
        assets: [{ type: 'PATENT', number, invalidationPendingConfirmed: true }],
      });
      await act(system, caseNumber, '/submit');
      const verified = await act(system, caseNumber, '/verify-ip');
      expect(verified.status).toBe('VERIFIED');
      expect(verified.ipCheck.passed).toBe(true);
    });

    it('reports every ground of an asset that fails several, the first one as the code', async () => {
      const number = await registerAsset(system, {
        owners: [otherOwner],
        legalStatus: 'FROZEN',
        annualFeePaidUntil: '2025-12-31',
      });
      const { caseNumber } = await openCase(system, {
        bankReference: uniqueRef('PF'),
        assets: [{ type: 'PATENT', number }],
      });
      await act(system, caseNumber, '/submit');
      const problem = expectProblem(
        await attempt(system, caseNumber, '/verify-ip'),
        422,
        'PLEDGOR_NOT_OWNER',
      );
      expect(problem.details.findings.map((f: Json) => f.ground)).toEqual([
        'PLEDGOR_NOT_OWNER',
        'ANNUAL_FEE_UNPAID',
        'ASSET_FROZEN',
      ]);
      await expectCaseStatus(system, caseNumber, 'SUBMITTED');
    });
  });

  describe('bad input when opening a case', () => {
    async function notStored(caseNumber: string, enterpriseUscc: string): Promise<void> {
      expectProblem(
        await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}`),
        404,
        'CASE_NOT_FOUND',
      );
      const list = await (
        await system.as(USERS.officer)
      ).get(`/api/v1/cases?enterprise=${enterpriseUscc}`);
      expectOk(list, 200);
      expect(list.body.items).toEqual([]);
    }

    it('refuses a malformed amount (400 VALIDATION_FAILED)', async () => {
      const bankReference = uniqueRef('BAD');
      const enterprise = { uscc: newUscc() };
      const res = await (
        await system.as(USERS.officer)
      ).post('/api/v1/cases', {
        bankReference,
        productCode: 'SHCB-IP-STD',
        enterprise,
        amount: '1,000,000.00',
        termMonths: 12,
        annualRate: '0.0345',
        repaymentMethod: 'EQUAL_INSTALMENT',
        assets: [{ type: 'PATENT', number: newPatentNumber() }],
      });
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.errors.map((e: Json) => e.field)).toEqual(['amount']);
      await notStored(caseNumberOf(bankReference), enterprise.uscc);
    });

    it('takes a USCC whose check character fails only once the register holds its recorded confirmation', async () => {
      const valid = newUscc();
      const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
      const wrongCheck = alphabet[(alphabet.indexOf(valid.charAt(17)) + 1) % alphabet.length]!;
      const suspicious = valid.slice(0, 17) + wrongCheck;
      expect(suspicious).not.toBe(uscc(valid.slice(0, 17)));
      const firm = {
        uscc: suspicious,
        legalName: '上海校验位测试有限公司 (test)',
        districtCode: '310115',
        smeClass: 'SMALL',
        legalRepresentative: { name: '测试法人', idNumber: '11010519491231002X' },
        contact: { name: '测试联系人', phone: '021-50000000', email: 'test@example.cn' },
      };
      const number = await registerAsset(system, { owners: [suspicious] });
      const request = {
        bankReference: uniqueRef('USCC'),
        productCode: 'SHCB-IP-STD',
        enterprise: { uscc: suspicious },
        amount: '200000.00',
        termMonths: 12,
        annualRate: '0.0345',
        repaymentMethod: 'EQUAL_INSTALMENT',
        assets: [{ type: 'PATENT', number }],
      };
      const officer = await system.as(USERS.officer);

      // Not in the register: no case.
      expectProblem(await officer.post('/api/v1/cases', request), 422, 'ENTERPRISE_NOT_REGISTERED');
      await notStored(caseNumberOf(request.bankReference), suspicious);
      // The register asks for the explicit confirmation, and a real reason.
      const problem = expectProblem(
        await officer.post('/api/v1/enterprises', firm),
        422,
        'USCC_CONFIRMATION_REQUIRED',
      );
      expect(problem).toMatchObject({ field: 'uscc', reason: 'USCC_CHECK_CHARACTER_MISMATCH' });
      expectProblem(
        await officer.post('/api/v1/enterprises', { ...firm, confirmUsccCheck: { reason: 'ok' } }),
        400,
        'VALIDATION_FAILED',
      );
      const reason = 'code printed on the 2016 business licence; checked with the AIC register';
      expectOk(
        await officer.post('/api/v1/enterprises', { ...firm, confirmUsccCheck: { reason } }),
        201,
      );

      const created = await officer.post('/api/v1/cases', request);
      expectOk(created, 201);
      expect(created.body.enterprise).toMatchObject({
        uscc: suspicious,
        usccCheckOverride: { confirmedBy: USERS.officer, reason },
      });
      const caseNumber = created.body.caseNumber as string;
      const read = await getCase(system, caseNumber);
      expect(read.enterprise.usccCheckOverride).toEqual({ confirmedBy: USERS.officer, reason });
      await withDb(system, async (db) => {
        const rows = await db.query(
          `SELECT enterprise_uscc, detail->'application'->'enterprise'->'usccCheckOverride' AS override FROM loan_case WHERE case_number = $1`,
          [caseNumber],
        );
        expect(rows.rows).toEqual([
          { enterprise_uscc: suspicious, override: { confirmedBy: USERS.officer, reason } },
        ]);
      });
      // The confirmed code is a usable pledgor: its own asset passes the pre-filing check.
      await driveTo(system, caseNumber, 'VERIFIED');
    });

    it('refuses a patent number with a wrong check character (400 INVALID_IDENTIFIER)', async () => {
      const good = newPatentNumber();
      const digits = good.slice(0, 12);
      const wrong = `${digits}.${good.endsWith('.0') ? '1' : '0'}`;
      const pledgor = newUscc();
      await ensureEnterprise(system, { uscc: pledgor });
      const request = {
        bankReference: uniqueRef('PAT'),
        enterprise: { uscc: pledgor },
      };
      const res = await (
        await system.as(USERS.officer)
      ).post('/api/v1/cases', {
        ...request,
        productCode: 'SHCB-IP-STD',
        amount: '200000.00',
        termMonths: 12,
        annualRate: '0.0345',
        repaymentMethod: 'EQUAL_INSTALMENT',
        assets: [{ type: 'PATENT', number: `ZL${wrong}` }],
      });
      const problem = expectProblem(res, 400, 'INVALID_IDENTIFIER');
      expect(problem).toMatchObject({
        field: 'assets.0.number',
        reason: 'PATENT_CHECK_CHARACTER_MISMATCH',
      });
      await notStored(caseNumberOf(request.bankReference), request.enterprise.uscc);
    });
  });

  describe('contract', () => {
    it('refuses a forfeiture clause (流质) and accepts the corrected contract', async () => {
      const { caseNumber } = await openCase(system, { bankReference: uniqueRef('FFC') });
      await driveTo(system, caseNumber, 'APPROVED');
      const contract = {
        loanContractNumber: `LC-${caseNumber.slice(-14)}`,
        pledgeContractNumber: `PC-${caseNumber.slice(-14)}`,
        signedOn: '2026-01-15',
      };

      expectProblem(
        await attempt(system, caseNumber, '/contract', { ...contract, forfeitureClause: true }),
        422,
        'FORFEITURE_CLAUSE',
      );
      const unchanged = await expectCaseStatus(system, caseNumber, 'APPROVED');
      expect(unchanged.contract).toBeNull();

      const signed = await act(system, caseNumber, '/contract', {
        ...contract,
        forfeitureClause: false,
      });
      expect(signed.status).toBe('CONTRACTED');
      expect(signed.contract).toEqual(contract);
    });
  });
});
