import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { CaseLedgerActivities } from '../../activities/case-ledger/case-ledger.activities';
import { AuditLog, auditAppendArguments } from '../../libs/audit/src/audit-log';
import { auditEntryHash } from '../../libs/audit/src/canonical';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { CaseReadModelRepository } from '../../libs/persistence/src/repositories/loan-case/case-read-model.repository';
import type { CaseSnapshot, TimelineEntry } from '../../libs/domain/src/loan-case/loan-case.types';
import {
  addDays,
  advanceTo,
  attempt,
  businessDate,
  driveTo,
  expectOk,
  expectProblem,
  freshAgent,
  newPatentNumber,
  openCase,
  PLEDGOR,
  registerAsset,
  RISK_SHARING,
  uniqueRef,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The audit log on the real services: every case transition and human action in one hash
 * chain, the application role unable to change it, tampering found and named by the verifier
 * (API and command line), appends idempotent by source key and gapless under concurrency.
 */
describe('audit log', () => {
  let system: TestSystem;
  const verifyCli = join(
    __dirname,
    '..',
    '..',
    'dist',
    'libs',
    'audit',
    'src',
    'cli',
    'verify-audit.js',
  );

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  /** Every entry of a subject (or of the whole log), following the pages. */
  async function entriesOf(subjectType?: string, subjectId?: string): Promise<Json[]> {
    const admin = await system.as(USERS.admin);
    const items: Json[] = [];
    let afterSeq = 0;
    for (;;) {
      const query = new URLSearchParams({ afterSeq: String(afterSeq), limit: '50' });
      if (subjectType) query.set('subjectType', subjectType);
      if (subjectId) query.set('subjectId', subjectId);
      const res = await admin.get(`/api/v1/audit/entries?${query}`);
      expectOk(res, 200);
      items.push(...(res.body.items as Json[]));
      if (res.body.nextAfterSeq === null) return items;
      afterSeq = res.body.nextAfterSeq as number;
    }
  }

  async function freshAgentToken(username: string): Promise<string> {
    const res = await system.http.post('/api/v1/auth/dev-login').send({ username });
    expectOk(res, 200);
    return res.body.accessToken as string;
  }

  async function verify(): Promise<Json> {
    const res = await (await system.as(USERS.admin)).get('/api/v1/audit/verify');
    expectOk(res, 200);
    return res.body;
  }

  async function auditRowCount(): Promise<number> {
    return withDb(system, async (db) =>
      Number((await db.query(`SELECT count(*) AS n FROM audit_log`)).rows[0].n),
    );
  }

  function runVerifyCli() {
    return spawnSync(process.execPath, [verifyCli], {
      env: { ...process.env, ...system.env },
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  /** Changes audit rows as the superuser with triggers off (how a tamperer would). */
  async function bypassingTrigger(sql: string, params: unknown[]): Promise<void> {
    await withDb(system, async (db) => {
      await db.query('BEGIN');
      await db.query(`SET LOCAL session_replication_role = replica`);
      await db.query(sql, params);
      await db.query('COMMIT');
    });
  }

  let caseNumber: string;

  /** The case's last transition, as the timeline entry its audit entry was recorded from. */
  async function lastTransition(): Promise<TimelineEntry> {
    const last = (await entriesOf('CASE', caseNumber))
      .filter((e) => e.action === 'CASE_TRANSITION')
      .at(-1);
    return {
      seq: last.payload.timelineSeq,
      event: last.payload.event,
      fromStatus: last.payload.fromStatus,
      toStatus: last.payload.toStatus,
      actor: last.actor,
      businessDate: last.payload.businessDate,
      occurredAt: last.occurredAt,
      payload: last.payload.details,
    };
  }

  it('records every transition of a case with its actor, and every request that drove it', async () => {
    ({ caseNumber } = await openCase(system, { bankReference: uniqueRef('AUDIT') }));
    await driveTo(system, caseNumber, 'VALUED');

    const entries = await entriesOf('CASE', caseNumber);
    const transitions = entries.filter((e) => e.action === 'CASE_TRANSITION');
    expect(transitions.map((e) => e.payload.toStatus)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'VERIFIED',
      'VALUATION',
      'VALUED',
    ]);
    // One audit entry per timeline entry, under the timeline's business key.
    const timeline = await (
      await system.as(USERS.officer)
    ).get(`/api/v1/cases/${caseNumber}/timeline`);
    expectOk(timeline, 200);
    expect(
      transitions.map((e) => [
        e.sourceKey,
        e.payload.event,
        e.payload.fromStatus,
        e.payload.toStatus,
      ]),
    ).toEqual(
      (timeline.body.entries as Json[]).map((t) => [
        `case:loan-case-${caseNumber}:${t.seq}`,
        t.event,
        t.fromStatus,
        t.toStatus,
      ]),
    );
    const submitted = transitions[1]!;
    expect(submitted.actor).toEqual({
      userId: 'officer.shcb',
      username: 'officer.shcb',
      role: 'LOAN_OFFICER',
      organisationId: 'BANK-SHCB',
    });
    expect(transitions[4]!.actor).toMatchObject({ username: 'evaluator.huayu', role: 'EVALUATOR' });

    // The human side: open + four steps, each with its route and outcome.
    const requests = entries.filter((e) => e.action === 'API_REQUEST');
    expect(requests.map((e) => [e.payload.method, e.payload.route, e.payload.outcome])).toEqual([
      ['POST', '/api/v1/cases', { status: 201 }],
      ['POST', '/api/v1/cases/:id/submit', { status: 200 }],
      ['POST', '/api/v1/cases/:id/verify-ip', { status: 200 }],
      ['POST', '/api/v1/cases/:id/valuation-request', { status: 200 }],
      ['POST', '/api/v1/cases/:id/valuation-report', { status: 200 }],
    ]);
    expect(requests[3]!.payload.body).toEqual({ firmOrgId: 'VAL-HUAYU' });
    expect(requests[4]!.actor.username).toBe('evaluator.huayu');

    const result = await verify();
    expect(result).toEqual({
      ok: true,
      entriesChecked: await auditRowCount(),
      firstBroken: null,
      head: expect.objectContaining({ seq: await auditRowCount() }),
    });
    expectProblem(
      await (await system.as(USERS.officer)).get('/api/v1/audit/verify'),
      403,
      'ROLE_FORBIDDEN',
    );
  });

  it('records a refused human action with its code, and no transition for it', async () => {
    await withDb(system, (db) =>
      db.query(
        `INSERT INTO app_user (id, username, display_name, organisation_id, role)
         VALUES ('dual.audit', 'dual.audit', '双岗 (audit test)', 'BANK-SHCB', 'LOAN_OFFICER')`,
      ),
    );
    const asOfficer = await freshAgent(system, 'dual.audit');
    const opened = await openCase(system, { bankReference: uniqueRef('AUD4EYES') }, asOfficer);
    await driveTo(system, opened.caseNumber, 'VALUED', { officer: asOfficer });
    await withDb(system, (db) =>
      db.query(`UPDATE app_user SET role = 'CREDIT_APPROVER' WHERE id = 'dual.audit'`),
    );
    const asApprover = await freshAgent(system, 'dual.audit');
    expectProblem(
      await attempt(
        system,
        opened.caseNumber,
        '/credit-approval',
        { riskSharing: RISK_SHARING },
        asApprover,
      ),
      422,
      'FOUR_EYES_VIOLATION',
    );
    // A refused body with a secret in it: refused by validation, recorded with the secret blanked.
    expectProblem(
      await attempt(system, opened.caseNumber, '/withdraw', { reason: 'test', accessToken: 'abc' }),
      400,
      'VALIDATION_FAILED',
    );

    const entries = await entriesOf('CASE', opened.caseNumber);
    const approval = entries.filter((e) => e.payload.route === '/api/v1/cases/:id/credit-approval');
    expect(approval).toHaveLength(1);
    expect(approval[0]).toMatchObject({
      action: 'API_REQUEST',
      actor: { username: 'dual.audit', role: 'CREDIT_APPROVER', organisationId: 'BANK-SHCB' },
      payload: {
        params: { id: opened.caseNumber },
        outcome: { status: 422, code: 'FOUR_EYES_VIOLATION' },
      },
    });
    const withdraw = entries.find((e) => e.payload.route === '/api/v1/cases/:id/withdraw');
    expect(withdraw.payload.body).toEqual({ reason: 'test', accessToken: '[REDACTED]' });
    expect(withdraw.payload.outcome).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(
      entries.filter((e) => e.action === 'CASE_TRANSITION').map((e) => e.payload.toStatus),
    ).toEqual(['DRAFT', 'SUBMITTED', 'VERIFIED', 'VALUATION', 'VALUED']);

    // Calculations and logging in are not actions.
    const before = await auditRowCount();
    const calc = await (
      await system.as(USERS.officer)
    ).post('/api/v1/calculators/schedule', {
      principal: '1200.00',
      annualRate: '0.0345',
      termMonths: 12,
      method: 'EQUAL_PRINCIPAL',
      startDate: '2026-01-15',
    });
    expectOk(calc, 200);
    await freshAgent(system, USERS.officer);
    expect(await auditRowCount()).toBe(before);
  });

  it('records asset-register changes and business-date moves with what changed', async () => {
    const number = await registerAsset(system, { title: 'audited patent' });
    const clerk = await system.as(USERS.clerk);
    const asset = (await clerk.get(`/api/v1/assets/${number}`)).body as Json;
    const body = {
      kind: asset.kind,
      title: asset.title,
      owners: asset.owners,
      grantDate: asset.grantDate,
      expiryDate: asset.expiryDate,
      annualFeePaidUntil: asset.annualFeePaidUntil,
    };
    expectOk(await clerk.put(`/api/v1/assets/${number}`, { ...body, legalStatus: 'FROZEN' }), 200);
    expectOk(await clerk.put(`/api/v1/assets/${number}`, { ...body, legalStatus: 'FROZEN' }), 200);

    const entries = await entriesOf('ASSET', number);
    // Three requests; two changes (the third PUT changed nothing and has no change entry).
    expect(entries.map((e) => e.action)).toEqual([
      'ASSET_CREATED',
      'API_REQUEST',
      'ASSET_UPDATED',
      'API_REQUEST',
      'API_REQUEST',
    ]);
    expect(entries[0].payload.before).toBeNull();
    expect(entries[2].payload.before.legalStatus).toBe('IN_FORCE');
    expect(entries[2].payload.after.legalStatus).toBe('FROZEN');
    expect(entries[2].actor.username).toBe('clerk.reg');

    // A CSV import: each created asset, and the request with the file's size and digest.
    const imported = newPatentNumber();
    const csv = [
      'number,kind,title,owners,grantDate,expiryDate,annualFeePaidUntil,legalStatus',
      `${imported},INVENTION_PATENT,导入专利,${PLEDGOR.uscc},2024-01-01,2043-01-01,2026-12-31,IN_FORCE`,
    ].join('\n');
    const importRes = await system.http
      .post('/api/v1/assets/import')
      .set('Authorization', `Bearer ${await freshAgentToken(USERS.clerk)}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expectOk(importRes, 200);
    expect((await entriesOf('ASSET', imported)).map((e) => e.action)).toEqual(['ASSET_CREATED']);
    const importRequests = await entriesOf('ROUTE', 'POST /api/v1/assets/import');
    expect(importRequests).toHaveLength(1);
    expect(importRequests[0].payload.body).toEqual({
      contentType: 'text/csv',
      bytes: Buffer.byteLength(csv, 'utf8'),
      sha256: createHash('sha256').update(csv, 'utf8').digest('hex'),
    });

    const from = await businessDate(system);
    const to = addDays(from, 1);
    await advanceTo(system, to);
    const dateEntries = await entriesOf('BUSINESS_DATE', to);
    expect(dateEntries.map((e) => [e.action, e.actor?.username ?? null])).toEqual([
      ['BUSINESS_DATE_ADVANCED', null],
      ['API_REQUEST', 'admin.ipo'],
    ]);
    expect(dateEntries[0]).toMatchObject({
      sourceKey: `business-date:${to}`,
      payload: { from, to, requestedBy: 'admin.ipo' },
    });
  });

  it('does not append again when a transition is recorded again (activity retry) or a key repeats', async () => {
    const ledger = system.worker!.get(CaseLedgerActivities, { strict: false });
    const audit = system.worker!.get(AuditLog, { strict: false });
    const snapshot = await withDb(
      system,
      async (db) =>
        (await db.query(`SELECT detail FROM loan_case WHERE case_number = $1`, [caseNumber]))
          .rows[0].detail as CaseSnapshot,
    );
    const entry = await lastTransition();
    const before = await auditRowCount();
    await ledger.recordCaseTransition({ snapshot, entry });
    await ledger.recordCaseTransition({ snapshot, entry });
    expect(await auditRowCount()).toBe(before);

    const first = await audit.append({
      actor: null,
      action: 'TEST_RETRY',
      subjectType: 'TEST',
      subjectId: 'retry',
      sourceKey: 'test:retry',
    });
    const again = await audit.append({
      actor: null,
      action: 'TEST_RETRY',
      subjectType: 'TEST',
      subjectId: 'retry',
      payload: { attempt: 2 },
      sourceKey: 'test:retry',
    });
    expect(first.appended).toBe(true);
    expect(again).toEqual({ seq: first.seq, hash: first.hash, appended: false });
    expect(await auditRowCount()).toBe(before + 1);
  });

  it('records a step given as its changes in one statement, all of it or, from a stale read, nothing', async () => {
    const ledger = system.worker!.get(CaseLedgerActivities, { strict: false });
    const readModel = system.worker!.get(CaseReadModelRepository, { strict: false });
    const counts = () =>
      withDb(system, async (db) => {
        const row = (
          await db.query(
            `SELECT (SELECT version FROM loan_case WHERE case_number = $1) AS version,
                    (SELECT count(*) FROM case_event WHERE case_number = $1)::int AS events,
                    (SELECT count(*) FROM outbox_event WHERE case_number = $1)::int AS notices,
                    (SELECT count(*) FROM audit_log)::int AS audit`,
            [caseNumber],
          )
        ).rows[0];
        return row as { version: number; events: number; notices: number; audit: number };
      });
    const before = await counts();
    const entry = await lastTransition();

    // The last step again, as its changes (an attempt retried): nothing more is written.
    await ledger.recordCaseTransition({
      caseNumber,
      changes: { version: before.version, status: entry.toStatus },
      entry,
    });
    expect(await counts()).toEqual(before);

    // A step computed from version − 1 while the case is at its version: refused, nothing written.
    const stale: Parameters<CaseReadModelRepository['recordChangedStep']>[0] = {
      caseNumber,
      readVersion: before.version - 1,
      changes: { version: before.version + 1, status: 'CLOSED' },
      refreshAccount: true,
      parties: { named: [], atOffices: [] },
      timeline: {
        seq: entry.seq + 1,
        event: 'CLOSE',
        fromStatus: entry.toStatus,
        toStatus: 'CLOSED',
        actorUserId: null,
        actorRole: 'SYSTEM',
        businessDate: entry.businessDate,
        occurredAt: entry.occurredAt,
        payload: {},
      },
      notice: {
        eventKey: `CASE_STEP:${caseNumber}:${entry.seq + 1}`,
        eventType: 'CASE_STEP',
        subject: caseNumber,
        caseNumber,
        recipientOrgIds: ['org-test'],
        payload: {},
        businessDate: entry.businessDate,
      },
      audit: auditAppendArguments([
        {
          actor: null,
          action: 'CASE_TRANSITION',
          subjectType: 'CASE',
          subjectId: caseNumber,
          sourceKey: `test:stale:${caseNumber}`,
        },
      ]),
    };
    await expect(readModel.recordChangedStep(stale)).rejects.toMatchObject({ code: '40001' });
    expect(await counts()).toEqual(before);
    const status = await withDb(
      system,
      async (db) =>
        (await db.query(`SELECT status FROM loan_case WHERE case_number = $1`, [caseNumber]))
          .rows[0].status,
    );
    expect(status).toBe(entry.toStatus);
  });

  it('lets the application role read and append audit rows but not change or delete them', async () => {
    const app = new PgClient({ connectionString: system.appDatabaseUrl });
    await app.connect();
    try {
      expect((await app.query(`SELECT current_user AS who`)).rows[0].who).toBe('ippledge_app');
      expect(Number((await app.query(`SELECT count(*) AS n FROM audit_log`)).rows[0].n)).toBe(
        await auditRowCount(),
      );
      for (const sql of [
        `UPDATE audit_log SET payload = '{}' WHERE seq = 1`,
        `DELETE FROM audit_log WHERE seq = 1`,
        `TRUNCATE audit_log`,
      ]) {
        await expect(app.query(sql)).rejects.toMatchObject({
          code: '42501',
          message: 'permission denied for table audit_log',
        });
      }
    } finally {
      await app.end();
    }
    // The owner has the privilege; the trigger refuses it all the same.
    await withDb(system, async (db) => {
      for (const [sql, op] of [
        [`UPDATE audit_log SET payload = '{}' WHERE seq = 1`, 'UPDATE'],
        [`DELETE FROM audit_log WHERE seq = 1`, 'DELETE'],
        [`TRUNCATE audit_log`, 'TRUNCATE'],
      ] as const) {
        await expect(db.query(sql)).rejects.toThrow(`audit_log is append-only: ${op} is refused`);
      }
    });
    expect((await verify()).ok).toBe(true);
  });

  it('names the tampered row, through the API and the command line, and verifies again once it is restored', async () => {
    const submitted = (await entriesOf('CASE', caseNumber)).find(
      (e) => e.action === 'CASE_TRANSITION' && e.payload.toStatus === 'SUBMITTED',
    );
    const seq = submitted.seq as number;
    const total = await auditRowCount();
    expect(seq).toBeGreaterThan(1);
    expect(seq).toBeLessThan(total);

    // 1. Change the payload only: that row's hash no longer matches its content.
    await bypassingTrigger(
      `UPDATE audit_log SET payload = jsonb_set(payload, '{toStatus}', '"APPROVED"') WHERE seq = $1`,
      [seq],
    );
    const broken = await verify();
    expect(broken).toEqual({
      ok: false,
      entriesChecked: seq - 1,
      firstBroken: {
        seq,
        reason: 'HASH_MISMATCH',
        expected: expect.stringMatching(/^[0-9a-f]{64}$/),
        found: submitted.hash,
      },
      head: { seq: seq - 1, hash: submitted.prevHash },
    });
    const cli = runVerifyCli();
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`audit chain broken at seq ${seq}: HASH_MISMATCH`);
    expect(JSON.parse(cli.stdout).firstBroken).toEqual(broken.firstBroken);

    // 2. A careful tamperer also recomputes the row's hash: the next row's link then breaks.
    const forged = auditEntryHash({
      ...submitted,
      payload: { ...submitted.payload, toStatus: 'APPROVED' },
    });
    await bypassingTrigger(`UPDATE audit_log SET hash = $2 WHERE seq = $1`, [seq, forged]);
    expect((await verify()).firstBroken).toEqual({
      seq: seq + 1,
      reason: 'PREV_HASH_MISMATCH',
      expected: forged,
      found: submitted.hash,
    });

    // 3. Restored exactly: intact again.
    await bypassingTrigger(`UPDATE audit_log SET payload = $2, hash = $3 WHERE seq = $1`, [
      seq,
      JSON.stringify(submitted.payload),
      submitted.hash,
    ]);
    expect(await verify()).toMatchObject({ ok: true, entriesChecked: total, firstBroken: null });

    // 4. A row taken out leaves a gap at its place.
    const row = await withDb(
      system,
      async (db) => (await db.query(`SELECT * FROM audit_log WHERE seq = $1`, [seq])).rows[0],
    );
    await bypassingTrigger(`DELETE FROM audit_log WHERE seq = $1`, [seq]);
    expect((await verify()).firstBroken).toEqual({
      seq: seq + 1,
      reason: 'SEQ_GAP',
      expected: String(seq),
      found: String(seq + 1),
    });
    const gapCli = runVerifyCli();
    expect(gapCli.status).toBe(1);
    expect(gapCli.stderr).toContain(`audit chain broken at seq ${seq + 1}: SEQ_GAP`);
    const columns = Object.keys(row);
    await bypassingTrigger(
      `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      columns.map((c) => (c === 'payload' ? JSON.stringify(row[c]) : row[c])),
    );
    const restoredCli = runVerifyCli();
    expect(restoredCli.status).toBe(0);
    expect(JSON.parse(restoredCli.stdout)).toMatchObject({ ok: true, entriesChecked: total });
  });

  it('keeps the chain gapless and intact under 200 concurrent appends from two connection pools', async () => {
    const pools: DataSource[] = [
      createDataSource(system.appDatabaseUrl),
      createDataSource(system.appDatabaseUrl),
    ];
    await Promise.all(pools.map((p) => p.initialize()));
    try {
      const logs = pools.map((p) => new AuditLog(p));
      const before = await auditRowCount();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          logs[i % 2]!.append({
            actor: null,
            action: 'TEST_CONCURRENT',
            subjectType: 'TEST',
            subjectId: `concurrent-${i}`,
            payload: { i, text: '并发', nested: { b: [1, 2], a: null } },
          }),
        ),
      );
      expect(results.every((r) => r.appended)).toBe(true);
      // Seqs before+1 … before+200, each exactly once.
      expect(results.map((r) => r.seq).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 200 }, (_, i) => before + 1 + i),
      );
      // The same business key raced from both pools: appended once.
      const raced = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          logs[i % 2]!.append({
            actor: null,
            action: 'TEST_CONCURRENT',
            subjectType: 'TEST',
            subjectId: 'same-key',
            sourceKey: 'test:same-key',
          }),
        ),
      );
      expect(raced.filter((r) => r.appended)).toHaveLength(1);
      expect(new Set(raced.map((r) => r.seq))).toEqual(new Set([before + 201]));
      expect(await verify()).toMatchObject({ ok: true, entriesChecked: before + 201 });
    } finally {
      await Promise.all(pools.map((p) => p.destroy()));
    }
  });
});
