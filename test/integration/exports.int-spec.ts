import ExcelJS from 'exceljs';
import { DEMO_ENTERPRISES } from '../../libs/persistence/src/seed/seed';
import { eventually, expectProblem, openCase, USERS } from '../support/case-flows';
import { csvRows, exportWhenReady } from '../support/export-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/** Report exports through BullMQ: queued by the API, rendered by the worker, downloaded when ready. */
describe('report exports (CSV and XLSX)', () => {
  let system: TestSystem;
  let shcbCases: string[];
  let xuhuiCase: string;
  let pdibCase: string;

  beforeAll(async () => {
    system = await startTestSystem();
    shcbCases = [
      (await openCase(system, { amount: '500000.00' })).caseNumber,
      (await openCase(system, { amount: '1234567.89' })).caseNumber,
    ];
    xuhuiCase = (
      await openCase(system, {
        amount: '300000.00',
        enterprise: { ...DEMO_ENTERPRISES.xuhuiSoft, sme: true },
      })
    ).caseNumber;
    pdibCase = (await openCase(system, { productCode: 'PDIB-IP-FAST' }, USERS.otherBankOfficer))
      .caseNumber;
  });

  afterAll(async () => {
    await system.close();
  });

  it('exports a bank its own cases as CSV, and nothing of another bank', async () => {
    const { file, job } = await exportWhenReady(system, USERS.officer, {
      kind: 'case-register',
      format: 'csv',
    });
    expect(job.contentType).toContain('text/csv');
    const [header, ...rows] = csvRows(file);
    expect(header).toEqual(
      expect.arrayContaining(['案件编号 Case number', '贷款金额（元） Amount (yuan)']),
    );
    const caseColumn = header!.indexOf('案件编号 Case number');
    const amountColumn = header!.indexOf('贷款金额（元） Amount (yuan)');
    const exported = rows.map((r) => r[caseColumn]);
    expect(exported).toEqual(expect.arrayContaining([...shcbCases, xuhuiCase]));
    expect(exported).not.toContain(pdibCase);
    expect(job.rowCount).toBe(rows.length);
    const second = rows.find((r) => r[caseColumn] === shcbCases[1])!;
    expect(second[amountColumn]).toBe('1234567.89');
  });

  it('scopes district staff to their district and renders XLSX with the same figures', async () => {
    const { file, job } = await exportWhenReady(system, 'reviewer.xuhui', {
      kind: 'case-register',
      format: 'xlsx',
      filter: { status: 'DRAFT' },
    });
    expect(job.filter).toEqual({ status: 'DRAFT', districtCode: '310104' });
    expect(job.contentType).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const caseColumn = header.indexOf('案件编号 Case number') + 1;
    const amountColumn = header.indexOf('贷款金额（元） Amount (yuan)') + 1;
    const termColumn = header.indexOf('期限（月） Term (months)') + 1;
    const numbers: unknown[] = [];
    sheet.eachRow((row, index) => {
      if (index > 1) numbers.push(row.getCell(caseColumn).value);
    });
    expect(numbers).toEqual([xuhuiCase]);
    expect(sheet.getRow(2).getCell(amountColumn).value).toBe('300000.00');
    expect(sheet.getRow(2).getCell(termColumn).value).toBe(12);
  });

  it('answers 409 until the worker has rendered the file, and keeps exports to their requester', async () => {
    await system.stopWorker();
    const officer = await system.as(USERS.officer);
    const queued = await officer
      .post('/api/v1/exports', { kind: 'case-register', format: 'csv' })
      .expect(202);
    expectProblem(
      await officer.get(`/api/v1/exports/${queued.body.id}/download`),
      409,
      'EXPORT_NOT_READY',
    );
    const colleague = await system.as(USERS.officer2);
    expectProblem(
      await colleague.get(`/api/v1/exports/${queued.body.id}`),
      404,
      'EXPORT_NOT_FOUND',
    );
    await system.startWorker();
    await eventually(async () => {
      expect((await officer.get(`/api/v1/exports/${queued.body.id}`).expect(200)).body.status).toBe(
        'READY',
      );
    }, 20_000);
    await officer.get(`/api/v1/exports/${queued.body.id}/download`).expect(200);
  });

  it('refuses unknown reports, foreign filters and roles without access, storing nothing', async () => {
    const officer = await system.as(USERS.officer);
    expectProblem(
      await officer.post('/api/v1/exports', { kind: 'salaries', format: 'csv' }),
      400,
      'UNKNOWN_EXPORT_KIND',
    );
    expectProblem(
      await officer.post('/api/v1/exports', { kind: 'case-register', format: 'pdf' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await officer.post('/api/v1/exports', {
        kind: 'case-register',
        format: 'csv',
        filter: { bankOrgId: 'BANK-PDIB' },
      }),
      400,
      'INVALID_EXPORT_FILTER',
    );
    expectProblem(
      await officer.post('/api/v1/exports', {
        kind: 'case-register',
        format: 'csv',
        filter: { appliedFrom: 'yesterday' },
      }),
      400,
      'INVALID_EXPORT_FILTER',
    );
    const enterprise = await system.as('enterprise.pujiang');
    expectProblem(
      await enterprise.post('/api/v1/exports', { kind: 'case-register', format: 'csv' }),
      403,
      'ROLE_FORBIDDEN',
    );
    const db = await system.db();
    try {
      const rows = await db.query(`SELECT count(*)::int AS n FROM export_job WHERE requested_by IN (
        SELECT id FROM app_user WHERE username IN ('officer.shcb','enterprise.pujiang'))`);
      // Only the exports queued by the earlier tests of this file (2 by officer.shcb).
      expect(rows.rows[0].n).toBe(2);
    } finally {
      await db.end();
    }
  });
});
