import { Client as TemporalClient, Connection } from '@temporalio/client';
import type request from 'supertest';
import { AuditVerifier } from '../../libs/audit/src/audit-verifier';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { migrateAndSeed } from '../../libs/persistence/src/seed/seeded-database';
import { getCaseQuery, loanCaseWorkflowId } from '../../workflows/loan-case/loan-case.shared';
import {
  businessDate,
  openCase,
  RISK_SHARING,
  USERS,
  VALUATION_FIRM,
  withDb,
  type Json,
} from '../support/case-flows';
import { reportFault } from '../support/fault-report';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres';
import { startTestSystem, type TestSystem } from '../support/test-system';

const CASES = 30;
const OUTAGE_MS = 3_000;
/** Every request is answered within this, or the test fails (no hang). */
const ANSWER_BOUND_MS = 30_000;
/** The fault strikes once this many steps have been answered 2xx. */
const STEPS_BEFORE_FAULT = 60;

/**
 * PostgreSQL restarted (pg_ctl stop -m fast, ~3 s away, start) while 30 cases are driven to
 * disbursement over the API. The server is the test's own, so the shared one is never touched.
 * Clients behave as the API asks: a 503 is retried after Retry-After with the same
 * Idempotency-Key.
 */
describe('PostgreSQL restart mid-run', () => {
  let pg: OwnPostgres;
  let system: TestSystem;
  let temporal: TemporalClient;

  beforeAll(async () => {
    pg = await startOwnPostgres();
    const templateDb = 'ippledge_fault_tpl';
    const templateUrl = Object.assign(new URL(pg.adminUrl), { pathname: `/${templateDb}` });
    await migrateAndSeed(templateUrl.toString());
    system = await startTestSystem({
      database: { adminUrl: pg.adminUrl, templateDb },
      // Short waits, so an outage is answered 503 within the bound rather than waited out.
      env: { DATABASE_CONNECT_TIMEOUT_MS: '2000', AUDIT_APPEND_WAIT_MS: '1500' },
    });
    const connection = await Connection.connect({ address: system.env.TEMPORAL_ADDRESS! });
    temporal = new TemporalClient({ connection });
  }, 120_000);

  afterAll(async () => {
    await system?.close();
    await temporal?.connection.close();
    pg?.destroy();
  });

  it('retries activities, answers 503 + Retry-After while away, and loses no audit entry', async () => {
    const opened = await openCase(system); // registers the pledgor once
    const rest = await Promise.all(Array.from({ length: CASES - 1 }, () => openCase(system)));
    const cases = [opened, ...rest];
    const on = await businessDate(system);
    const agents = new Map(
      await Promise.all(Object.values(USERS).map(async (u) => [u, await system.as(u)] as const)),
    );

    let outage: 'before' | 'away' | 'after' = 'before';
    let stepsDone = 0;
    let inFlight = 0;
    let inFlightAtFault = 0;
    let slowest = 0;
    const answers = { ok: 0, unavailable: 0, unavailableWhileAway: 0, other: [] as string[] };
    const acknowledged: { username: string; key: string }[] = [];
    let disbursementsAcknowledged = 0;

    /** Checks one answer: 2xx, or 503 as problem JSON with Retry-After; anything else is kept. */
    function note(res: request.Response, what: string): boolean {
      if (res.status >= 200 && res.status < 300) {
        answers.ok += 1;
        return true;
      }
      if (
        res.status === 503 &&
        res.body?.code === 'SERVICE_UNAVAILABLE' &&
        /problem\+json/.test(String(res.headers['content-type'])) &&
        Number(res.headers['retry-after']) > 0 &&
        typeof res.body?.detailZh === 'string'
      ) {
        answers.unavailable += 1;
        if (outage === 'away') answers.unavailableWhileAway += 1;
        return false;
      }
      answers.other.push(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return false;
    }

    async function send(test: request.Test): Promise<request.Response> {
      const started = Date.now();
      const res = await test.timeout(ANSWER_BOUND_MS);
      slowest = Math.max(slowest, Date.now() - started);
      return res;
    }

    /** One human action, retried on 503 with the same key until it is answered 2xx. */
    async function step(caseNumber: string, path: string, body: object, username: string) {
      const key = `fault:${caseNumber}:${path}`;
      inFlight += 1;
      try {
        for (let attempt = 1; ; attempt++) {
          const res = await send(
            agents
              .get(username as never)!
              .post(`/api/v1/cases/${caseNumber}${path}`, body)
              .set('Idempotency-Key', key),
          );
          if (note(res, `${path} of ${caseNumber}`)) {
            acknowledged.push({ username, key });
            stepsDone += 1;
            return res.body as Json;
          }
          if (res.status !== 503 || attempt > 40)
            throw new Error(`${path} of ${caseNumber}: ${res.status} ${JSON.stringify(res.body)}`);
          await new Promise((resolve) =>
            setTimeout(resolve, Number(res.headers['retry-after']) * 1000),
          );
        }
      } finally {
        inFlight -= 1;
      }
    }

    async function drive(caseNumber: string, assets: { number: string }[]): Promise<void> {
      const ref = caseNumber.replace(/^BANK-[A-Z]+-/, '').slice(0, 30);
      await step(caseNumber, '/submit', {}, USERS.officer);
      await step(caseNumber, '/verify-ip', {}, USERS.officer);
      await step(caseNumber, '/valuation-request', { firmOrgId: VALUATION_FIRM }, USERS.officer);
      await step(
        caseNumber,
        '/valuation-report',
        {
          reportNumber: `VR-${ref}`,
          method: 'INCOME',
          baseDate: on,
          assets: assets.map((a) => ({ number: a.number, value: '5000000.00' })),
        },
        USERS.evaluator,
      );
      await step(caseNumber, '/credit-approval', { riskSharing: RISK_SHARING }, USERS.approver);
      await step(
        caseNumber,
        '/contract',
        {
          loanContractNumber: `LC-${ref}`,
          pledgeContractNumber: `PC-${ref}`,
          signedOn: on,
          forfeitureClause: false,
        },
        USERS.officer,
      );
      await step(caseNumber, '/registration', {}, USERS.officer);
      await step(
        caseNumber,
        '/registration/accept',
        { registrationNumber: `RG-${ref}`, registeredOn: on },
        USERS.clerk,
      );
      const active = await step(
        caseNumber,
        '/disbursement',
        { reference: `DB-${ref}`, valueDate: on },
        USERS.officer,
      );
      expect(active.status).toBe('ACTIVE');
      disbursementsAcknowledged += 1;
    }

    // Reads all along, before, during and after the outage.
    let reading = true;
    const reader = (async () => {
      const officer = agents.get(USERS.officer)!;
      for (let i = 0; reading; i++) {
        const { caseNumber } = cases[i % cases.length]!;
        note(await send(officer.get(`/api/v1/cases/${caseNumber}`)), `read of ${caseNumber}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const fault = (async () => {
      while (stepsDone < STEPS_BEFORE_FAULT)
        await new Promise((resolve) => setTimeout(resolve, 20));
      inFlightAtFault = inFlight;
      outage = 'away';
      await pg.stop();
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await pg.start();
      outage = 'after';
    })();

    const driven = await Promise.allSettled(
      cases.map((c) => drive(c.caseNumber, c.view.assets as { number: string }[])),
    );
    await fault;
    reading = false;
    await reader;
    const failed = driven.filter((d) => d.status === 'rejected');
    expect(failed.map((d) => String((d as PromiseRejectedResult).reason))).toEqual([]);

    // No 500, no other status, and the outage was seen (503s were answered while away).
    expect(answers.other).toEqual([]);
    expect(answers.unavailableWhileAway).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(ANSWER_BOUND_MS);

    // Workflow and read model agree for every case, and every case was disbursed once.
    const caseNumbers = cases.map((c) => c.caseNumber);
    const readModel = await withDb(system, async (db) => {
      const rows = await db.query(
        `SELECT c.case_number, c.status, count(d.*)::int AS disbursements
           FROM loan_case c LEFT JOIN disbursement d USING (case_number)
          WHERE c.case_number = ANY($1) GROUP BY c.case_number, c.status`,
        [caseNumbers],
      );
      return new Map(rows.rows.map((r) => [r.case_number as string, r]));
    });
    for (const caseNumber of caseNumbers) {
      const snapshot = await temporal.workflow
        .getHandle(loanCaseWorkflowId(caseNumber))
        .query(getCaseQuery);
      expect({
        caseNumber,
        workflow: snapshot.status,
        readModel: readModel.get(caseNumber),
      }).toEqual({
        caseNumber,
        workflow: 'ACTIVE',
        readModel: { case_number: caseNumber, status: 'ACTIVE', disbursements: 1 },
      });
    }

    // Every action answered 2xx has its API_REQUEST entry, written once; the chain verifies.
    const audit = await withDb(system, async (db) => {
      const users = await db.query(`SELECT id, username FROM app_user WHERE username = ANY($1)`, [
        Object.values(USERS),
      ]);
      const idOf = new Map(users.rows.map((r) => [r.username as string, r.id as string]));
      const keys = acknowledged.map((a) => `api-request:${idOf.get(a.username)}:${a.key}`);
      const found = await db.query(
        `SELECT source_key, payload->'outcome'->>'status' AS status FROM audit_log
          WHERE action = 'API_REQUEST' AND source_key = ANY($1)`,
        [keys],
      );
      const transitions = await db.query(
        `SELECT subject_id, payload->>'toStatus' AS to_status, count(*)::int AS n FROM audit_log
          WHERE action = 'CASE_TRANSITION' AND subject_id = ANY($1)
          GROUP BY 1, 2 HAVING count(*) > 1`,
        [caseNumbers],
      );
      const disbursements = await db.query(
        `SELECT count(*)::int AS n FROM disbursement WHERE case_number = ANY($1)`,
        [caseNumbers],
      );
      return {
        keys,
        found: new Map(found.rows.map((r) => [r.source_key as string, r.status as string])),
        repeatedTransitions: transitions.rows,
        disbursements: disbursements.rows[0].n as number,
      };
    });
    const lost = audit.keys.filter((key) => !audit.found.has(key));
    expect(lost).toEqual([]);
    expect([...audit.found.values()].every((status) => status === '200')).toBe(true);
    expect(audit.repeatedTransitions).toEqual([]);
    const ds = createDataSource(system.databaseUrl);
    await ds.initialize();
    try {
      expect(await new AuditVerifier(ds).verify()).toMatchObject({ ok: true, firstBroken: null });
    } finally {
      await ds.destroy();
    }

    const mismatched = reportFault({
      fault: `PostgreSQL restart (pg_ctl stop -m fast, ${OUTAGE_MS / 1000} s away) during ${CASES} cases`,
      cases: CASES,
      inFlightAtFault,
      movements: {
        disbursements: { recorded: audit.disbursements, acknowledged: disbursementsAcknowledged },
      },
      notes: {
        'answers 2xx': answers.ok,
        'answers 503 (problem JSON + Retry-After)': answers.unavailable,
        'answers 503 while the database was away': answers.unavailableWhileAway,
        'answers 500 or other': answers.other.length,
        'slowest answer (ms)': slowest,
        'human actions answered 2xx': acknowledged.length,
        'their API_REQUEST entries found': audit.found.size,
      },
    });
    expect(mismatched).toEqual([]);
  }, 170_000);
});
