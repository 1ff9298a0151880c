import {
  caseNumberOf,
  eventually,
  expectOk,
  expectProblem,
  newUscc,
  openCase,
  registerAsset,
  uniqueRef,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * Master data on the real services: the enterprise register (企业名录) with its checks and the
 * second person's confirmation of a district that differs from the USCC's, and the lookups.
 * Each refusal: its code, nothing stored, and the API_REQUEST audit entry with its outcome.
 */
describe('master data', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  /** A valid registration body for a fresh Pudong firm (its USCC names 310115). */
  function firm(overrides: Json = {}): Json {
    return {
      uscc: newUscc(),
      legalName: '上海名录测试科技有限公司 (test)',
      districtCode: '310115',
      smeClass: 'SMALL',
      legalRepresentative: { name: '张名录', idNumber: '11010519491231002X' },
      contact: { name: '李联系', phone: '021-50001234', email: 'finance@example.cn' },
      ...overrides,
    };
  }

  async function enterpriseRows(usccValue: string): Promise<Json[]> {
    return withDb(system, async (db) => {
      const rows = await db.query(`SELECT * FROM enterprise WHERE uscc = $1`, [usccValue]);
      return rows.rows;
    });
  }

  /** The audit entry of the last request to `route` about `subjectId`, with its outcome. */
  async function expectAudited(
    route: string,
    subjectId: string,
    outcome: { status: number; code?: string },
    username: string,
  ): Promise<void> {
    await eventually(async () => {
      const rows = await withDb(
        system,
        async (db) =>
          (
            await db.query(
              `SELECT actor_username, payload FROM audit_log
              WHERE action = 'API_REQUEST' AND payload->>'route' = $1 AND subject_id = $2
              ORDER BY seq DESC LIMIT 1`,
              [route, subjectId],
            )
          ).rows,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].actor_username).toBe(username);
      expect(rows[0].payload.outcome).toEqual(outcome);
    });
  }

  describe('the enterprise register', () => {
    it('registers a firm whose district matches its USCC as ACTIVE, findable by name and USCC', async () => {
      const body = firm({ legalName: `上海检索${uniqueRef('N')}有限公司` });
      const officer = await system.as(USERS.officer);
      const res = await officer.post('/api/v1/enterprises', body);
      expectOk(res, 201);
      expect(res.body).toMatchObject({
        uscc: body.uscc,
        districtCode: '310115',
        usccsDistrict: '310115',
        status: 'ACTIVE',
        smeClass: 'SMALL',
        legalRepresentative: { name: '张名录', idNumber: '11010519491231002X' },
        registeredBy: USERS.officer,
      });
      expectOk(await officer.get(`/api/v1/enterprises/${body.uscc}`), 200);
      const byName = await officer.get(
        `/api/v1/enterprises?q=${encodeURIComponent(body.legalName.slice(4, 12))}`,
      );
      expectOk(byName, 200);
      expect(byName.body.items.map((e: Json) => e.uscc)).toEqual([body.uscc]);
      const byUscc = await (
        await system.as(USERS.admin)
      ).get(`/api/v1/enterprises?q=${body.uscc.slice(0, 14)}&limit=5`);
      expect(byUscc.body.items.map((e: Json) => e.uscc)).toContain(body.uscc);
      await expectAudited('/api/v1/enterprises', body.uscc, { status: 201 }, USERS.officer);
    });

    it('has the seed firms', async () => {
      const res = await (
        await system.as(USERS.officer)
      ).get(`/api/v1/enterprises/${DEMO_ENTERPRISES.xuhuiSoft.uscc}`);
      expectOk(res, 200);
      expect(res.body).toMatchObject({ districtCode: '310104', status: 'ACTIVE' });
    });

    it.each([
      ['an invalid USCC', { uscc: '91310115MA1K3YJ1I2' }, 400, 'INVALID_IDENTIFIER'],
      [
        "a legal representative's ID with a wrong check character",
        { legalRepresentative: { name: '张名录', idNumber: '110105194912310021' } },
        400,
        'INVALID_RESIDENT_ID',
      ],
      ['a district outside Shanghai', { districtCode: '320102' }, 400, 'UNKNOWN_DISTRICT'],
      ['a typed-in extra field', { sme: true }, 400, 'VALIDATION_FAILED'],
    ])('refuses %s, storing nothing', async (_label, overrides, status, code) => {
      const body = firm(overrides);
      const res = await (await system.as(USERS.officer)).post('/api/v1/enterprises', body);
      expectProblem(res, status, code);
      expect(res.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
      expect(await enterpriseRows(String(body.uscc).toUpperCase())).toEqual([]);
      await expectAudited(
        '/api/v1/enterprises',
        String(body.uscc).toUpperCase(),
        { status, code },
        USERS.officer,
      );
    });

    it('asks for an explicit confirmation of a USCC whose check character fails, and records it', async () => {
      const valid = newUscc();
      const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
      const suspicious =
        valid.slice(0, 17) + alphabet[(alphabet.indexOf(valid.charAt(17)) + 1) % alphabet.length]!;
      const officer = await system.as(USERS.officer);
      expectProblem(
        await officer.post('/api/v1/enterprises', firm({ uscc: suspicious })),
        422,
        'USCC_CONFIRMATION_REQUIRED',
      );
      expect(await enterpriseRows(suspicious)).toEqual([]);
      await expectAudited(
        '/api/v1/enterprises',
        suspicious,
        { status: 422, code: 'USCC_CONFIRMATION_REQUIRED' },
        USERS.officer,
      );
      const reason = 'code printed on the 2016 business licence; checked with the AIC register';
      const res = await officer.post(
        '/api/v1/enterprises',
        firm({ uscc: suspicious, confirmUsccCheck: { reason } }),
      );
      expectOk(res, 201);
      expect(res.body.usccCheckOverride).toEqual({ confirmedBy: USERS.officer, reason });
    });

    it('refuses a second registration of the same USCC (409), keeping the first', async () => {
      const body = firm();
      const officer = await system.as(USERS.officer);
      expectOk(await officer.post('/api/v1/enterprises', body), 201);
      const again = await (
        await system.as(USERS.approver)
      ).post('/api/v1/enterprises', { ...body, legalName: '另一个名称有限公司' });
      expectProblem(again, 409, 'ENTERPRISE_ALREADY_REGISTERED');
      const rows = await enterpriseRows(body.uscc);
      expect(rows.map((r) => [r.legal_name, r.registered_by])).toEqual([
        [body.legalName, USERS.officer],
      ]);
      await expectAudited(
        '/api/v1/enterprises',
        body.uscc,
        { status: 409, code: 'ENTERPRISE_ALREADY_REGISTERED' },
        USERS.approver,
      );
    });

    it('answers 404 ENTERPRISE_NOT_FOUND for a firm not in the register', async () => {
      expectProblem(
        await (await system.as(USERS.officer)).get(`/api/v1/enterprises/${newUscc()}`),
        404,
        'ENTERPRISE_NOT_FOUND',
      );
    });

    it('refuses registration by a role that does not maintain the register', async () => {
      const body = firm();
      expectProblem(
        await (await system.as(USERS.evaluator)).post('/api/v1/enterprises', body),
        403,
        'ROLE_FORBIDDEN',
      );
      expect(await enterpriseRows(body.uscc)).toEqual([]);
    });
  });

  describe("a district other than the USCC's", () => {
    // A Pudong USCC registered in Xuhui: the firm may have moved, a second person confirms.
    let pending: Json;

    beforeAll(async () => {
      pending = firm({ districtCode: '310104' });
      const res = await (await system.as(USERS.officer)).post('/api/v1/enterprises', pending);
      expectOk(res, 201);
      expect(res.body).toMatchObject({ status: 'PENDING_CONFIRMATION', usccsDistrict: '310115' });
    });

    it('refuses a case for the pending firm (409), starting nothing', async () => {
      const number = await registerAsset(system, { owners: [pending.uscc] });
      const bankReference = uniqueRef('PEND');
      const res = await (
        await system.as(USERS.officer)
      ).post('/api/v1/cases', {
        bankReference,
        productCode: 'SHCB-IP-STD',
        enterprise: { uscc: pending.uscc },
        amount: '200000.00',
        termMonths: 12,
        annualRate: '0.0345',
        repaymentMethod: 'EQUAL_INSTALMENT',
        assets: [{ type: 'PATENT', number }],
      });
      const problem = expectProblem(res, 409, 'ENTERPRISE_PENDING_CONFIRMATION');
      expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
      const caseNumber = caseNumberOf(bankReference);
      expectProblem(
        await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}`),
        404,
        'CASE_NOT_FOUND',
      );
      await expectAudited(
        '/api/v1/cases',
        caseNumber,
        { status: 409, code: 'ENTERPRISE_PENDING_CONFIRMATION' },
        USERS.officer,
      );
    });

    it('refuses the confirmation by the user who registered it (four eyes), changing nothing', async () => {
      const res = await (
        await system.as(USERS.officer)
      ).post(`/api/v1/enterprises/${pending.uscc}/confirm-district`);
      expectProblem(res, 422, 'DISTRICT_CONFIRMATION_SAME_USER');
      const rows = await enterpriseRows(pending.uscc);
      expect(rows.map((r) => [r.status, r.district_confirmed_by])).toEqual([
        ['PENDING_CONFIRMATION', null],
      ]);
      await expectAudited(
        '/api/v1/enterprises/:uscc/confirm-district',
        pending.uscc,
        { status: 422, code: 'DISTRICT_CONFIRMATION_SAME_USER' },
        USERS.officer,
      );
    });

    it('holds four eyes in the database too', async () => {
      await withDb(system, async (db) => {
        await expect(
          db.query(
            `UPDATE enterprise SET status = 'ACTIVE', district_confirmed_by = registered_by WHERE uscc = $1`,
            [pending.uscc],
          ),
        ).rejects.toMatchObject({ code: '23514' });
        await expect(
          db.query(`UPDATE enterprise SET status = 'ACTIVE' WHERE uscc = $1`, [pending.uscc]),
        ).rejects.toMatchObject({ code: '23514' });
      });
    });

    it('is confirmed by a second bank user, then takes cases; a second confirmation is refused', async () => {
      const confirmed = await (
        await system.as(USERS.officer2)
      ).post(`/api/v1/enterprises/${pending.uscc}/confirm-district`);
      expectOk(confirmed, 200);
      expect(confirmed.body).toMatchObject({
        status: 'ACTIVE',
        districtCode: '310104',
        registeredBy: USERS.officer,
        districtConfirmedBy: USERS.officer2,
      });
      await expectAudited(
        '/api/v1/enterprises/:uscc/confirm-district',
        pending.uscc,
        { status: 200 },
        USERS.officer2,
      );
      const again = await (
        await system.as(USERS.approver)
      ).post(`/api/v1/enterprises/${pending.uscc}/confirm-district`);
      expectProblem(again, 409, 'ENTERPRISE_NOT_PENDING');
      const rows = await enterpriseRows(pending.uscc);
      expect(rows[0].district_confirmed_by).toBe(USERS.officer2);
      await expectAudited(
        '/api/v1/enterprises/:uscc/confirm-district',
        pending.uscc,
        { status: 409, code: 'ENTERPRISE_NOT_PENDING' },
        USERS.approver,
      );
      const opened = await openCase(system, {
        enterprise: {
          uscc: pending.uscc,
          name: pending.legalName,
          districtCode: '310104',
          sme: true,
        },
        assets: [
          { type: 'PATENT', number: await registerAsset(system, { owners: [pending.uscc] }) },
        ],
      });
      expect(opened.view.status).toBe('DRAFT');
    });
  });

  describe('opening a case', () => {
    it('refuses typed-in enterprise facts as unknown fields (400), starting nothing', async () => {
      const number = await registerAsset(system);
      const bankReference = uniqueRef('TYPED');
      const res = await (
        await system.as(USERS.officer)
      ).post('/api/v1/cases', {
        bankReference,
        productCode: 'SHCB-IP-STD',
        enterprise: { uscc: DEMO_ENTERPRISES.pudongTech.uscc, districtCode: '310104', name: 'x' },
        amount: '200000.00',
        termMonths: 12,
        annualRate: '0.0345',
        repaymentMethod: 'EQUAL_INSTALMENT',
        assets: [{ type: 'PATENT', number }],
      });
      const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(problem.errors.map((e: Json) => e.field).sort()).toEqual([
        'enterprise.districtCode',
        'enterprise.name',
      ]);
      const caseNumber = caseNumberOf(bankReference);
      expectProblem(
        await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}`),
        404,
        'CASE_NOT_FOUND',
      );
      await expectAudited(
        '/api/v1/cases',
        caseNumber,
        { status: 400, code: 'VALIDATION_FAILED' },
        USERS.officer,
      );
    });

    it('refuses a firm not in the register (422), starting nothing', async () => {
      const bankReference = uniqueRef('UNREG');
      const res = await (
        await system.as(USERS.officer)
      ).post('/api/v1/cases', {
        bankReference,
        productCode: 'SHCB-IP-STD',
        enterprise: { uscc: newUscc() },
        amount: '200000.00',
        termMonths: 12,
        annualRate: '0.0345',
        repaymentMethod: 'EQUAL_INSTALMENT',
        assets: [{ type: 'PATENT', number: await registerAsset(system) }],
      });
      expectProblem(res, 422, 'ENTERPRISE_NOT_REGISTERED');
      const caseNumber = caseNumberOf(bankReference);
      expectProblem(
        await (await system.as(USERS.officer)).get(`/api/v1/cases/${caseNumber}`),
        404,
        'CASE_NOT_FOUND',
      );
      await expectAudited(
        '/api/v1/cases',
        caseNumber,
        { status: 422, code: 'ENTERPRISE_NOT_REGISTERED' },
        USERS.officer,
      );
    });

    it("takes the case's enterprise facts from the register, for two officers, each owning their case", async () => {
      const registered = firm({ districtCode: '310115', smeClass: 'NOT_SME' });
      expectOk(
        await (await system.as(USERS.approver)).post('/api/v1/enterprises', registered),
        201,
      );
      const opened: Record<string, string> = {};
      for (const who of [USERS.officer, USERS.officer2]) {
        const opened_ = await openCase(
          system,
          {
            enterprise: { uscc: registered.uscc },
            assets: [
              {
                type: 'PATENT',
                number: await registerAsset(system, { owners: [registered.uscc] }),
              },
            ],
          },
          who,
        );
        expect(opened_.view.enterprise).toMatchObject({
          uscc: registered.uscc,
          name: registered.legalName,
          districtCode: '310115',
          sme: false,
          // The name only: the identity number stays in the register, out of the case's history.
          legalRepresentative: { name: registered.legalRepresentative.name },
        });
        expect(opened_.view.enterprise.legalRepresentative).not.toHaveProperty('idNumber');
        opened[who] = opened_.caseNumber;
      }
      // Each case is owned by the officer who opened it: "my cases", and another's by user id.
      const e = `enterprise=${registered.uscc}`;
      for (const [who, other] of [
        [USERS.officer, USERS.officer2],
        [USERS.officer2, USERS.officer],
      ] as const) {
        const mine = await (await system.as(who)).get(`/api/v1/cases?${e}&owner=me`);
        expectOk(mine, 200);
        expect(mine.body.items.map((c: Json) => [c.caseNumber, c.ownerUserId])).toEqual([
          [opened[who], who],
        ]);
        const theirs = await (await system.as(who)).get(`/api/v1/cases?${e}&owner=${other}`);
        expect(theirs.body.items.map((c: Json) => c.caseNumber)).toEqual([opened[other]]);
      }
    });
  });

  describe('lookups', () => {
    it("lists the caller's bank's products, and every bank's for an administrator", async () => {
      const mine = await (await system.as(USERS.officer)).get('/api/v1/products');
      expectOk(mine, 200);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((p: Json) => p.bankOrgId === 'BANK-SHCB')).toBe(true);
      const all = await (await system.as(USERS.admin)).get('/api/v1/products');
      expect(new Set(all.body.items.map((p: Json) => p.bankOrgId))).toEqual(
        new Set(['BANK-SHCB', 'BANK-PDIB']),
      );
    });

    it('lists organisations by kind, and refuses an unknown kind (400)', async () => {
      const officer = await system.as(USERS.officer);
      const firms = await officer.get('/api/v1/organisations?kind=VALUATION_FIRM');
      expectOk(firms, 200);
      expect(firms.body.items.map((o: Json) => o.id)).toEqual(['VAL-DONGFANG', 'VAL-HUAYU']);
      const districts = await officer.get('/api/v1/organisations?kind=DISTRICT');
      expect(districts.body.items.every((o: Json) => /^3101\d\d$/.test(o.districtCode))).toBe(true);
      const bad = await officer.get('/api/v1/organisations?kind=CASINO');
      expectProblem(bad, 400, 'UNKNOWN_ORGANISATION_KIND');
      expect(bad.body.detailZh).toMatch(/[\u4e00-\u9fff]/);
    });

    it('lists risk schemes and compensation funds', async () => {
      const officer = await system.as(USERS.officer);
      const schemes = await officer.get('/api/v1/risk-schemes');
      expectOk(schemes, 200);
      expect(schemes.body.items.length).toBeGreaterThan(0);
      expect(schemes.body.items[0]).toHaveProperty('fundCode');
      const funds = await officer.get('/api/v1/compensation-funds');
      expectOk(funds, 200);
      expect(funds.body.items.map((f: Json) => f.code)).toContain('FUND-SH-SME-IP');
    });
  });
});
