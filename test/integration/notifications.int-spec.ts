import type { Client as TemporalClient } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../../libs/common/src/temporal.module';
import {
  advanceTo,
  driveTo,
  eventually,
  openCase,
  USERS,
  VALUATION_FIRM,
  withDb,
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
import {
  docsVerifyRecipe,
  startHttpSink,
  startSmtpSink,
  type HttpSink,
  type Receipt,
} from '../support/notification-sinks';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { CASE_BASELINE_PATCH } from '../../workflows/loan-case/loan-case.patches';

const MAX_ATTEMPTS = 5;
const BANK = 'BANK-SHCB';

/**
 * Notifications through the outbox, against the real services: webhooks (retries with backoff,
 * signatures checked with the documented recipe, dead letters and their replay), e-mail to a
 * local SMTP server in each recipient's language, SMS to a stub gateway, and the in-app inbox.
 */
describe('notifications and webhooks', () => {
  let system: TestSystem;
  let hooks: HttpSink;
  let sms: HttpSink;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  /** The subscriber that fails every event's first four attempts, then accepts it. */
  const failuresBeforeSuccess = 4;
  let deadEndpointAccepts = false;
  let caseNumber: string;
  let bankSecret: string;
  let firmSecret: string;

  const failuresSoFar = (receipts: Receipt[], path: string, eventId: string) =>
    receipts.filter((r) => r.path === path && r.headers['x-ippledge-event-id'] === eventId).length;

  beforeAll(async () => {
    hooks = await startHttpSink((path, _body, receipts) => {
      if (path === '/always-failing') return deadEndpointAccepts ? 200 : 500;
      const eventId = String(JSON.parse(_body).id);
      return failuresSoFar(receipts, path, eventId) < failuresBeforeSuccess ? 503 : 204;
    });
    sms = await startHttpSink(() => 200);
    smtp = await startSmtpSink();
    system = await startTestSystem({
      env: {
        SMTP_URL: smtp.url,
        SMS_GATEWAY_URL: `${sms.url}/sms`,
        SMS_GATEWAY_TOKEN: 'gateway-token',
        NOTIFY_SMS_EVENT_TYPES: 'CASE_STEP',
        NOTIFY_RETRY_BASE_MS: '50',
        NOTIFY_RETRY_MAX_MS: '400',
        NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        NOTIFY_SWEEP_INTERVAL_MS: '300',
      },
    });
    // The organisations' contacts: the bank reads English, the valuation firm Chinese.
    await withDb(system, async (db) => {
      await db.query(
        `UPDATE organisation SET contact_email = 'ops@shcb.example', contact_phone = '+8613800000001',
                contact_language = 'en' WHERE id = $1`,
        [BANK],
      );
      await db.query(
        `UPDATE organisation SET contact_email = 'desk@huayu.example', contact_language = 'zh-CN' WHERE id = $1`,
        [VALUATION_FIRM],
      );
      await db.query(`UPDATE app_user SET language = 'en' WHERE username = $1`, [USERS.officer2]);
    });
  });

  afterAll(async () => {
    await system?.close();
    await hooks?.close();
    await sms?.close();
    await smtp?.close();
  });

  async function tokenOf(username: string): Promise<string> {
    const res = await system.http.post('/api/v1/auth/dev-login').send({ username }).expect(200);
    return res.body.accessToken as string;
  }

  /** The outbox events addressed to an organisation, for this test's case. */
  async function eventsOf(organisationId: string): Promise<{ id: string; key: string }[]> {
    return withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT id::text AS id, event_key AS key FROM outbox_event
            WHERE case_number = $1 AND $2 = ANY(recipient_org_ids) AND event_type = 'CASE_STEP' ORDER BY id`,
            [caseNumber, organisationId],
          )
        ).rows,
    );
  }

  it('registers endpoints for the organisation’s senior role or the administrator, the secret shown once', async () => {
    const approver = await system.as(USERS.approver);
    const officer = await system.as(USERS.officer);
    const admin = await system.as(USERS.admin);

    const byOfficer = await officer.post('/api/v1/webhooks/endpoints', { url: `${hooks.url}/x` });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.code).toBe('ROLE_FORBIDDEN');
    const forAnother = await approver.post('/api/v1/webhooks/endpoints', {
      url: `${hooks.url}/x`,
      organisationId: VALUATION_FIRM,
    });
    expect(forAnother.status).toBe(403);
    expect(forAnother.body.code).toBe('ORGANISATION_FORBIDDEN');
    const badUrl = await approver.post('/api/v1/webhooks/endpoints', { url: 'ftp://example' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.code).toBe('VALIDATION_FAILED');
    const refusedRows = await withDb(system, async (db) =>
      Number((await db.query(`SELECT count(*) FROM webhook_endpoint`)).rows[0].count),
    );
    expect(refusedRows).toBe(0);

    const bank = await approver.post('/api/v1/webhooks/endpoints', {
      url: `${hooks.url}/flaky`,
      eventTypes: ['CASE_STEP'],
      description: 'core banking',
    });
    expect(bank.status).toBe(201);
    expect(bank.body.secret).toMatch(/^[0-9a-f]{64}$/);
    bankSecret = bank.body.secret;
    const firm = await admin.post('/api/v1/webhooks/endpoints', {
      url: `${hooks.url}/always-failing`,
      organisationId: VALUATION_FIRM,
    });
    expect(firm.status).toBe(201);
    expect(firm.body.organisationId).toBe(VALUATION_FIRM);
    firmSecret = firm.body.secret;

    const listed = await approver.get('/api/v1/webhooks/endpoints').expect(200);
    expect(listed.body.items.map((e: Json) => e.id)).toEqual([bank.body.id]);
    expect(listed.body.items[0].secret).toBeUndefined();
    const otherBank = await (await system.as('approver.pdib'))
      .get('/api/v1/webhooks/endpoints')
      .expect(200);
    expect(otherBank.body.items).toEqual([]);
    const notTheirs = await system.http
      .delete(`/api/v1/webhooks/endpoints/${bank.body.id}`)
      .set('Authorization', `Bearer ${await tokenOf('approver.pdib')}`);
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.code).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const all = await admin.get('/api/v1/webhooks/endpoints').expect(200);
    expect(all.body.items).toHaveLength(2);
    const nowhere = await admin.post('/api/v1/webhooks/endpoints', {
      url: `${hooks.url}/x`,
      organisationId: 'NO-SUCH-ORG',
    });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.code).toBe('ORGANISATION_NOT_FOUND');

    // A second endpoint of the bank, deleted before any event: no longer listed nor sent to.
    const second = await approver.post('/api/v1/webhooks/endpoints', {
      url: `${hooks.url}/deleted`,
    });
    expect(second.status).toBe(201);
    const approverToken = await tokenOf(USERS.approver);
    await system.http
      .delete(`/api/v1/webhooks/endpoints/${second.body.id}`)
      .set('Authorization', `Bearer ${approverToken}`)
      .expect(204);
    const again = await system.http
      .delete(`/api/v1/webhooks/endpoints/${second.body.id}`)
      .set('Authorization', `Bearer ${approverToken}`);
    expect(again.status).toBe(404);
    expect((await admin.get('/api/v1/webhooks/endpoints').expect(200)).body.items).toHaveLength(2);
  });

  it('delivers each event once to an endpoint that fails four times, signed as the docs verify', async () => {
    const opened = await openCase(system);
    caseNumber = opened.caseNumber;
    await driveTo(system, caseNumber, 'VALUATION');
    const events = await eventsOf(BANK);
    // OPEN, SUBMIT, VERIFY_IP, REQUEST_VALUATION: one event per timeline entry.
    expect(events).toHaveLength(4);

    await eventually(async () => {
      const accepted = hooks.receipts.filter((r) => r.path === '/flaky' && r.status === 204);
      expect(accepted.map((r) => r.headers['x-ippledge-event-id']).sort()).toEqual(
        events.map((e) => e.id).sort(),
      );
    }, 30_000);
    const verify = docsVerifyRecipe();
    for (const event of events) {
      const received = hooks.receipts.filter(
        (r) => r.path === '/flaky' && r.headers['x-ippledge-event-id'] === event.id,
      );
      expect(received.map((r) => r.status)).toEqual([503, 503, 503, 503, 204]);
      for (const receipt of received) {
        expect(verify(bankSecret, receipt.headers, receipt.body)).toBe(true);
        expect(verify(firmSecret, receipt.headers, receipt.body)).toBe(false);
        expect(verify(bankSecret, receipt.headers, `${receipt.body} `)).toBe(false);
        expect(receipt.headers['x-ippledge-event-type']).toBe('CASE_STEP');
        expect(receipt.headers['x-ippledge-delivery-id']).toMatch(/^\d+$/);
        const body = JSON.parse(receipt.body);
        expect(body).toMatchObject({ id: event.id, key: event.key, type: 'CASE_STEP', caseNumber });
      }
    }
    const rows = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT d.status, d.attempts FROM notification_delivery d JOIN outbox_event e ON e.id = d.event_id
            WHERE d.channel = 'WEBHOOK' AND e.case_number = $1 AND d.organisation_id = $2`,
            [caseNumber, BANK],
          )
        ).rows,
    );
    expect(rows).toEqual(events.map(() => ({ status: 'DELIVERED', attempts: 5 })));
    expect(hooks.receipts.filter((r) => r.path === '/deleted')).toEqual([]);
  });

  it('writes the notice with the projection: a new case run schedules no notification activity', async () => {
    const temporal = system.api.get<TemporalClient>(TEMPORAL_CLIENT);
    const history = await temporal.workflow.getHandle(`loan-case-${caseNumber}`).fetchHistory();
    const scheduled = (history.events ?? [])
      .map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)
      .filter((name): name is string => Boolean(name));
    expect(scheduled).toContain('recordCaseTransition');
    expect(scheduled).not.toContain('enqueueNotification');
    const markers = (history.events ?? []).filter((e) => e.markerRecordedEventAttributes);
    expect(markers.length).toBeGreaterThan(0);
    // A retried projection appends nothing: one event per timeline entry.
    const counts = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT (SELECT count(*) FROM case_event WHERE case_number = $1)::int AS entries,
                  (SELECT count(*) FROM outbox_event WHERE case_number = $1 AND event_type = 'CASE_STEP')::int AS events`,
            [caseNumber],
          )
        ).rows[0],
    );
    expect(counts.events).toBe(counts.entries);
  });

  it('records one patch marker in a new case run: the baseline takes every patch before it', async () => {
    const temporal = system.api.get<TemporalClient>(TEMPORAL_CLIENT);
    const history = await temporal.workflow.getHandle(`loan-case-${caseNumber}`).fetchHistory();
    const events = history.events ?? [];
    const markers = events.filter((e) => e.markerRecordedEventAttributes);
    const changeVersions = events.filter(
      (e) =>
        e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[
          'TemporalChangeVersion'
        ],
    );
    expect(markers.map((e) => e.markerRecordedEventAttributes!.markerName)).toEqual(['core_patch']);
    expect(changeVersions).toHaveLength(1);
    expect(
      Buffer.from(
        changeVersions[0]!.upsertWorkflowSearchAttributesEventAttributes!.searchAttributes!
          .indexedFields!['TemporalChangeVersion']!.data!,
      ).toString(),
    ).toBe(JSON.stringify([CASE_BASELINE_PATCH]));
  });

  it('dead-letters an event after the configured attempts; the administrator replays it and it is delivered', async () => {
    const [firmEvent] = await eventsOf(VALUATION_FIRM);
    expect(firmEvent).toBeDefined();
    const admin = await system.as(USERS.admin);
    let dead: Json;
    await eventually(async () => {
      const res = await admin.get('/api/v1/admin/webhooks/deliveries?status=DEAD').expect(200);
      dead = res.body.items.find((d: Json) => d.eventId === firmEvent!.id);
      expect(dead).toMatchObject({
        status: 'DEAD',
        attempts: MAX_ATTEMPTS,
        organisationId: VALUATION_FIRM,
      });
    }, 30_000);
    expect(dead.lastError).toContain('HTTP 500');
    expect(failuresSoFar(hooks.receipts, '/always-failing', firmEvent!.id)).toBe(MAX_ATTEMPTS);

    const byBank = await (
      await system.as(USERS.approver)
    ).post(`/api/v1/admin/webhooks/deliveries/${dead.id}/replay`);
    expect(byBank.status).toBe(403);
    const delivered = (
      await admin.get('/api/v1/admin/webhooks/deliveries?status=DELIVERED').expect(200)
    ).body.items[0];
    const notDead = await admin.post(`/api/v1/admin/webhooks/deliveries/${delivered.id}/replay`);
    expect(notDead.status).toBe(409);
    expect(notDead.body.code).toBe('WEBHOOK_DELIVERY_NOT_DEAD');
    const unknown = await admin.post('/api/v1/admin/webhooks/deliveries/999999/replay');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('WEBHOOK_DELIVERY_NOT_FOUND');

    deadEndpointAccepts = true;
    const replayed = await admin.post(`/api/v1/admin/webhooks/deliveries/${dead.id}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toEqual({ id: dead.id, status: 'PENDING', round: 1 });
    await eventually(async () => {
      const accepted = hooks.receipts.filter(
        (r) =>
          r.path === '/always-failing' &&
          r.status === 200 &&
          r.headers['x-ippledge-event-id'] === firmEvent!.id,
      );
      expect(accepted).toHaveLength(1);
      expect(docsVerifyRecipe()(firmSecret, accepted[0]!.headers, accepted[0]!.body)).toBe(true);
    });
    await eventually(async () => {
      const rows = (await admin.get('/api/v1/admin/webhooks/deliveries').expect(200)).body.items;
      expect(rows.find((d: Json) => d.id === dead.id)).toMatchObject({
        status: 'DELIVERED',
        round: 1,
      });
    });
  });

  it('sends e-mail in each recipient’s language and SMS through the gateway', async () => {
    await eventually(async () => {
      const bankMail = smtp.mails.filter((m) => m.to.includes('ops@shcb.example'));
      expect(bankMail.map((m) => m.subject)).toEqual(
        expect.arrayContaining([`Case ${caseNumber}: SUBMITTED`, `Case ${caseNumber}: VALUATION`]),
      );
      const firmMail = smtp.mails.filter((m) => m.to.includes('desk@huayu.example'));
      expect(firmMail.map((m) => m.subject)).toEqual([`案件 ${caseNumber}：评估中`]);
      expect(firmMail[0]!.text).toContain('变更为「评估中」');
    }, 20_000);
    const bankMail = smtp.mails.filter((m) => m.to.includes('ops@shcb.example'));
    expect(bankMail).toHaveLength((await eventsOf(BANK)).length);
    expect(bankMail.find((m) => m.subject.endsWith('SUBMITTED'))!.text).toContain(
      `Case ${caseNumber} moved to SUBMITTED (SUBMIT)`,
    );

    await eventually(async () => {
      const texts = sms.receipts.map((r) => JSON.parse(r.body));
      expect(texts).toHaveLength((await eventsOf(BANK)).length);
    });
    for (const receipt of sms.receipts) {
      expect(receipt.path).toBe('/sms');
      expect(receipt.headers.authorization).toBe('Bearer gateway-token');
      const message = JSON.parse(receipt.body);
      expect(message.to).toBe('+8613800000001');
      expect(message.text).toContain(`Case ${caseNumber}`);
    }
  });

  it('lists, reads and reads all of the caller’s in-app notifications; another user’s stay invisible', async () => {
    const officer = await system.as(USERS.officer);
    // Every event addressed to the bank, but a task for another role than the officers'.
    const expected = await withDb(system, async (db) =>
      Number(
        (
          await db.query(
            `SELECT count(*) FROM outbox_event WHERE $1 = ANY(recipient_org_ids)
                AND coalesce(payload->>'role', 'LOAN_OFFICER') = 'LOAN_OFFICER'`,
            [BANK],
          )
        ).rows[0].count,
      ),
    );
    expect(expected).toBeGreaterThanOrEqual(4);
    let inbox: Json;
    await eventually(async () => {
      inbox = (await officer.get('/api/v1/notifications').expect(200)).body;
      expect(inbox.total).toBe(expected);
    });
    expect(inbox.unreadCount).toBe(expected);
    const newestStep = (items: Json[]) => items.find((n: Json) => n.eventType === 'CASE_STEP');
    expect(newestStep(inbox.items)).toMatchObject({
      title: `案件 ${caseNumber}：评估中`,
      caseNumber,
      readAt: null,
    });
    const english = (
      await officer
        .get('/api/v1/notifications')
        .set('Accept-Language', 'en-GB,en;q=0.8')
        .expect(200)
    ).body;
    expect(newestStep(english.items).title).toBe(`Case ${caseNumber}: VALUATION`);
    // officer2 chose English: its own choice beats the request's language.
    const officer2 = (
      await (await system.as(USERS.officer2))
        .get('/api/v1/notifications')
        .set('Accept-Language', 'zh-CN')
        .expect(200)
    ).body;
    expect(newestStep(officer2.items).title).toBe(`Case ${caseNumber}: VALUATION`);

    const other = await system.as(USERS.otherBankOfficer);
    const theirs = (await other.get('/api/v1/notifications').expect(200)).body;
    expect(theirs.items.filter((n: Json) => n.caseNumber === caseNumber)).toEqual([]);
    const first = inbox.items[0].id as string;
    const foreign = await other.post(`/api/v1/notifications/${first}/read`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOTIFICATION_NOT_FOUND');
    expect((await officer.get('/api/v1/notifications').expect(200)).body.unreadCount).toBe(
      expected,
    );

    await officer.post(`/api/v1/notifications/${first}/read`).expect(204);
    const afterOne = (await officer.get('/api/v1/notifications?unread=true').expect(200)).body;
    expect(afterOne.unreadCount).toBe(expected - 1);
    expect(afterOne.total).toBe(expected - 1);
    expect(afterOne.items.map((n: Json) => n.id)).not.toContain(first);
    const paged = (await officer.get('/api/v1/notifications?page=2&pageSize=1').expect(200)).body;
    expect(paged.items).toHaveLength(1);
    expect(paged.items[0].id).toBe(inbox.items[1].id);
    expect(paged.total).toBe(expected);

    await officer.post('/api/v1/notifications/read-all').expect(204);
    const afterAll = (await officer.get('/api/v1/notifications').expect(200)).body;
    expect(afterAll.unreadCount).toBe(0);
    expect(afterAll.items.every((n: Json) => n.readAt !== null)).toBe(true);
    // Reading all of one's own leaves the colleague's unread.
    const colleague = (await (await system.as(USERS.officer2)).get('/api/v1/notifications')).body;
    expect(colleague.unreadCount).toBe(expected);
    const bad = await officer.get('/api/v1/notifications?pageSize=1000');
    expect(bad.status).toBe(400);
  });

  it('tells the claim’s bank and district of each subsidy-claim step, in the reader’s language', async () => {
    await publishPolicy(
      system,
      'approver.pudong',
      'INTEREST',
      policyTerms({ programme: 'PUDONG-NOTIFY', eligibility: { registeredInDistrict: true } }),
    );
    const loan = (await openLoan(system, { amount: '1000000.00', termMonths: 12 })).caseNumber;
    await advanceTo(system, '2026-02-15');
    await repayOnDueDates(system, loan, [1]);
    const claim = await submitInterest(system, USERS.officer, {
      caseNumber: loan,
      fromInstalment: 1,
      toInstalment: 1,
    });
    await claimAct(system, claim.id, 'review', 'reviewer.pudong', { note: 'vouchers match' });

    const events = await withDb(
      system,
      async (db) =>
        (
          await db.query(
            `SELECT event_key AS key, case_number AS "caseNumber", recipient_org_ids AS recipients,
                  payload->>'toStatus' AS "toStatus"
             FROM outbox_event WHERE event_type = 'CLAIM_STEP' AND subject = $1 ORDER BY id`,
            [claim.id],
          )
        ).rows,
    );
    // One event per entry of the claim's timeline (submission, budget reservation, review).
    const seqs = await withDb(system, async (db) =>
      (
        await db.query(`SELECT seq FROM subsidy_claim_event WHERE claim_id = $1 ORDER BY seq`, [
          claim.id,
        ])
      ).rows.map((r) => r.seq as number),
    );
    expect(events.map((e) => e.key)).toEqual(seqs.map((seq) => `CLAIM_STEP:${claim.id}:${seq}`));
    expect(events[0]!.toStatus).toBe('SUBMITTED');
    expect(events.at(-1)!.toStatus).toBe('REVIEWED');
    for (const event of events) {
      expect(event.caseNumber).toBe(loan);
      expect([...event.recipients].sort()).toEqual([BANK, 'DISTRICT-310115']);
    }
    const titles = async (username: string, language: string) => {
      const res = await (await system.as(username))
        .get('/api/v1/notifications?pageSize=100')
        .set('Accept-Language', language)
        .expect(200);
      return (res.body.items as Json[])
        .filter((n) => n.eventType === 'CLAIM_STEP')
        .map((n) => n.title);
    };
    const zh: Record<string, string> = { SUBMITTED: '已提交', REVIEWED: '已初审' };
    const newestFirst = [...events].reverse();
    await eventually(async () => {
      expect(await titles('reviewer.pudong', 'zh-CN')).toEqual(
        newestFirst.map((e) => `补贴申请 ${claim.id}：${zh[e.toStatus]}`),
      );
    });
    expect(await titles('approver.pudong', 'en')).toEqual(
      newestFirst.map((e) => `Subsidy claim ${claim.id}: ${e.toStatus}`),
    );
    // Another district is not told.
    expect(await titles('reviewer.xuhui', 'zh-CN')).toEqual([]);
  });
});
