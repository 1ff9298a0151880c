import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import type request from 'supertest';
import {
  act,
  addDays,
  declareDefault,
  advanceTo,
  businessDate,
  fromFen,
  expectCaseStatus,
  expectOk,
  expectProblem,
  newUscc,
  openActiveCase,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  caseTimeline,
  disposalStep,
  fundClaimId,
  FUND_MANAGER,
  FUND_PAYER,
  getDisposal,
  INSURER,
  INSURER_PAYER,
  insuranceClaimId,
  openInterestOnlyLoan,
  OPERATOR,
  payCompensationClaims,
  registerBidder,
  registerTransfer,
} from '../support/disposal-flows';
import { ensurePoppler, pdfPagesText, renderPages, type PageImage } from '../support/pdf-pages';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { disposalFileDocument } from '../../apps/api/src/disposal-files/disposal-file.document';
import { dateZh, yuanZh } from '../../libs/documents/src/format-zh';
import {
  renderPrintablePdf,
  type PrintablePlacement,
} from '../../libs/documents/src/printable-pdf';

jest.setTimeout(180_000);

const ADMIN = USERS.admin;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Collects a binary response body (supertest only buffers text by default). */
function binary(res: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A text as pdfkit writes a non-ASCII info string: UTF-16BE (after its byte-order mark). */
function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/**
 * Issue 5, audit: the administrators' disposal file. One loan defaults (declared by the bank),
 * the insurer and the fund pay, two auction rounds pass unsold, a negotiated transfer below the
 * floor is approved by an administrator with a reason and completed; the case closes. The file
 * is read as JSON and as PDF, findings are recorded on it, and everyone else is refused.
 */
describe('disposal file: the administrators’ audit of a disposal', () => {
  let system: TestSystem;
  let caseNumber: string;
  let ref: string;
  let patent: string;
  let pledgor: string;
  const [bidderA, bidderB, buyerC] = [newUscc(), newUscc(), newUscc()];
  const defaultReason = 'Borrower stopped paying and cannot be reached';
  /** The default keeps the proposal's reason code with the officer's text. */
  const defaultRecordReason = `PAST_DUE: ${defaultReason}`;
  const approvalReason = 'Two rounds unsold; best offer after a market sounding of six buyers';

  beforeAll(async () => {
    system = await startTestSystem();
    const today = await businessDate(system);
    expect(today).toBe('2026-01-15');
    // 1,000,000.00 interest-only at 3.6 %: 100.00 interest a day; the report expires on
    // 2026-03-31, so the disposal needs a refreshed one.
    const loan = await openInterestOnlyLoan(system, {
      on: today,
      valuationValidUntil: '2026-03-31',
      title: 'disposal file: torque sensor',
    });
    ({ caseNumber, patent } = loan);
    ref = loan.request.bankReference;
    pledgor = loan.request.enterprise.uscc;

    // Nothing is ever repaid: the first instalment fell due on 2026-02-15.
    await advanceTo(system, '2026-02-16'); // 1 day past due
    await advanceTo(system, '2026-03-18'); // 31
    await advanceTo(system, '2026-04-17'); // 61
    // The officer proposes, the credit approver confirms: the approver declares the default.
    const defaulted = await declareDefault(system, caseNumber, {
      reasonCode: 'PAST_DUE',
      reason: defaultReason,
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
        assets: [{ number: patent, value: '800000.00' }],
      },
      USERS.evaluator,
    );
    await disposalStep(system, caseNumber, '/method', { method: 'AUCTION' });
    // Round 1 at the floor 800,000.00 × 0.7 = 560,000.00; one bid below it.
    await disposalStep(system, caseNumber, '/rounds', { startingPrice: '560000.00' });
    // The exchange registers the three bidders with their deposits before they bid.
    const [a, b, c] = [
      await registerBidder(system, caseNumber, '2026-04-17', bidderA),
      await registerBidder(system, caseNumber, '2026-04-17', bidderB),
      await registerBidder(system, caseNumber, '2026-04-17', buyerC),
    ];
    await disposalStep(system, caseNumber, '/bids', { bidderId: a.bidderId, amount: '500000.00' });
    await advanceTo(system, '2026-04-24');
    // Round 2 at 450,000.00 (at least 560,000.00 × 0.8 = 448,000.00); both bids below the start.
    await disposalStep(system, caseNumber, '/rounds', { startingPrice: '450000.00' });
    await disposalStep(system, caseNumber, '/bids', { bidderId: b.bidderId, amount: '440000.00' });
    await disposalStep(system, caseNumber, '/bids', { bidderId: c.bidderId, amount: '449999.99' });
    await advanceTo(system, '2026-05-06');
    expect((await getDisposal(system, caseNumber)).status).toBe('AUCTION_FAILED');

    const proposed = await disposalStep(system, caseNumber, '/sale', {
      method: 'NEGOTIATED_TRANSFER',
      buyer: buyerC,
      price: '425555.55',
    });
    expect(proposed.status).toBe('AWAITING_APPROVAL');
    await disposalStep(system, caseNumber, '/sale/approve', { reason: approvalReason }, ADMIN);
    await disposalStep(system, caseNumber, '/sale/complete', { costs: '12000.00' });
    await expectCaseStatus(system, caseNumber, 'CLOSED');
    await registerTransfer(system, caseNumber, '2026-05-06', `ZR-${ref}`);
  });

  afterAll(async () => {
    await system?.close();
  });

  async function file(who: string = ADMIN): Promise<request.Response> {
    return (await system.as(who)).get(`/api/v1/admin/disposal-files/${caseNumber}`);
  }

  /** The PDF as a Buffer; a refusal is read as problem JSON instead. */
  async function pdf(who: string = ADMIN): Promise<request.Response> {
    const get = (await system.as(who)).get(`/api/v1/admin/disposal-files/${caseNumber}/pdf`);
    return who === ADMIN ? get.buffer(true).parse(binary) : get;
  }

  async function recordFinding(body: object, who: string = ADMIN): Promise<request.Response> {
    return (await system.as(who)).post(`/api/v1/admin/disposal-files/${caseNumber}/findings`, body);
  }

  async function findingRows(): Promise<number> {
    return withDb(system, async (db) => {
      const rows = await db.query(`SELECT count(*)::int AS n FROM disposal_finding`);
      return rows.rows[0].n as number;
    });
  }

  it('holds the price path of both rounds, every bid, the valuations and the registration filings', async () => {
    const res = await file();
    expectOk(res, 200);
    const f: Json = res.body;
    expect(f).toMatchObject({
      fileVersion: expect.stringMatching(/^[0-9a-f]{16}$/),
      schemaVersion: 2,
      caseNumber,
      case: {
        status: 'CLOSED',
        bank: { orgId: 'BANK-SHCB' },
        bankReference: ref,
        productCode: 'SHCB-IP-STD',
        enterprise: { uscc: pledgor },
        loan: { amount: '1000000.00', termMonths: 12, annualRate: '0.036' },
        applicationDate: '2026-01-15',
        assets: [{ kind: 'INVENTION_PATENT', number: patent, owners: [buyerC] }],
      },
      disposal: {
        status: 'COMPLETED',
        method: 'NEGOTIATED_TRANSFER',
        startedOn: '2026-04-17',
        startedBy: USERS.officer,
        valuationUsed: { reportNumber: `VR2-${ref}`, totalValue: '800000.00', source: 'REFRESHED' },
        floor: '560000.00',
        sale: {
          method: 'NEGOTIATED_TRANSFER',
          buyer: buyerC,
          price: '425555.55',
          belowFloor: true,
          approval: { userId: ADMIN, reason: approvalReason, on: '2026-05-06' },
        },
        // The exchange's bidders with their deposits, and the transfer the clerk registered.
        bidders: [bidderA, bidderB, buyerC].map((identity, i) =>
          expect.objectContaining({
            id: `B${i + 1}`,
            identity,
            registeredBy: OPERATOR,
            deposit: expect.objectContaining({ amount: '50000.00', recordedBy: OPERATOR }),
          }),
        ),
        writeOffProposal: null,
        transfer: {
          buyer: buyerC,
          registrationNumber: `ZR-${ref}`,
          registeredOn: '2026-05-06',
          registeredBy: USERS.clerk,
        },
      },
    });

    // The case's report, expired, and the refreshed one the disposal used.
    expect(
      (f.valuations as Json[]).map((v) => [
        v.reportNumber,
        v.method,
        v.totalValue,
        v.validUntil,
        v.evaluatorUserId,
        v.usedByDisposal,
      ]),
    ).toEqual([
      [`VR-${ref}`, 'INCOME', '5000000.00', '2026-03-31', USERS.evaluator, false],
      // validUntil: the base date 2026-04-17 + the product's validity of 12 months.
      [`VR2-${ref}`, 'MARKET', '800000.00', '2027-04-17', USERS.evaluator, true],
    ]);

    // Round 2's cut: (560,000.00 − 450,000.00) / 560,000.00 = 0.196428… → 0.1964;
    // start / valuation: 560,000.00 / 800,000.00 = 0.7000 and 450,000.00 / 800,000.00 = 0.5625.
    expect(f.rounds).toEqual([
      {
        round: 1,
        method: 'AUCTION',
        startingPrice: '560000.00',
        minimumPrice: '560000.00',
        previousStartingPrice: null,
        cutFromPrevious: null,
        startToValuation: '0.7000',
        openedOn: '2026-04-17',
        closesOn: '2026-04-24',
        closedOn: '2026-04-24',
        openedBy: OPERATOR,
        openedAt: expect.stringMatching(INSTANT),
        outcome: 'UNSOLD',
        bidCount: 1,
        highestBid: '500000.00',
        winningBidSeq: null,
      },
      {
        round: 2,
        method: 'AUCTION',
        startingPrice: '450000.00',
        minimumPrice: '448000.00',
        previousStartingPrice: '560000.00',
        cutFromPrevious: '0.1964',
        startToValuation: '0.5625',
        openedOn: '2026-04-24',
        closesOn: '2026-05-06',
        closedOn: '2026-05-06',
        openedBy: OPERATOR,
        openedAt: expect.stringMatching(INSTANT),
        outcome: 'UNSOLD',
        bidCount: 2,
        highestBid: '449999.99',
        winningBidSeq: null,
      },
    ]);
    const bid = (seq: number, round: number, bidder: string, amount: string, on: string) => ({
      seq,
      round,
      bidder,
      amount,
      at: expect.stringMatching(INSTANT),
      businessDate: on,
      recordedBy: OPERATOR,
      valid: false,
      won: false,
    });
    // Every bid was below its round's start (449,999.99 by one fen): none could win.
    expect(f.bids).toEqual([
      bid(1, 1, bidderA, '500000.00', '2026-04-17'),
      bid(2, 2, bidderB, '440000.00', '2026-04-24'),
      bid(3, 2, buyerC, '449999.99', '2026-04-24'),
    ]);
    const bidInstants = (f.bids as Json[]).map((b) => b.at as string);
    expect([...bidInstants].sort()).toEqual(bidInstants);

    expect(f.registration).toEqual({
      filings: [
        {
          filingNumber: expect.any(String),
          filedOn: '2026-01-15',
          outcome: 'ACCEPTED',
          registrationNumber: `RG-${ref}`,
          registeredOn: '2026-01-15',
          refusalReason: null,
          refusalNote: null,
          assets: [{ kind: 'INVENTION_PATENT', number: patent }],
        },
      ],
      pledges: [
        {
          assetNumber: patent,
          filingNumber: f.registration.filings[0].filingNumber,
          registrationNumber: `RG-${ref}`,
          pledgeeOrgId: 'BANK-SHCB',
          pledgorUscc: pledgor,
          status: 'RELEASED',
          registeredOn: '2026-01-15',
          releasedOn: '2026-05-06',
          releaseGround: 'PLEDGE_REALISED',
          cancellationNumber: `${caseNumber}-C`,
        },
      ],
      transfers: [
        {
          transferNumber: `ZR-${ref}`,
          assetNumber: patent,
          fromOwners: [pledgor],
          toOwner: buyerC,
          ground: 'PLEDGE_REALISED',
          registeredOn: '2026-05-06',
        },
      ],
    });
    // Every bucket move; the arrears kept ageing after the default (66, 71 days) in 61–90.
    expect(f.delinquency.moves).toEqual([
      { seq: 1, from: 'CURRENT', to: 'DPD_1_30', daysPastDue: 1, on: '2026-02-16' },
      { seq: 2, from: 'DPD_1_30', to: 'DPD_31_60', daysPastDue: 31, on: '2026-03-18' },
      { seq: 3, from: 'DPD_31_60', to: 'DPD_61_90', daysPastDue: 61, on: '2026-04-17' },
    ]);
    expect(f.findings).toEqual([]);
  });

  it('names the actor, role, reason and instant of every decision and approval', async () => {
    const f: Json = (await file()).body;
    const decisions = f.decisions as Json[];
    expect(decisions.map((d) => d.seq)).toEqual(decisions.map((_, i) => i + 1));
    for (const d of decisions) expect(d.at).toMatch(INSTANT);
    // The write-off is the ledger's record, placed by its instant; the rest follow the timelines.
    const fromTimelines = decisions.filter((d) => d.kind !== 'LOAN_WRITE_OFF');
    expect(
      fromTimelines.map((d) => [d.kind, d.actor?.userId ?? null, d.actor?.role ?? null, d.reason]),
    ).toEqual([
      ['CREDIT_APPROVAL', USERS.approver, 'CREDIT_APPROVER', null],
      ['DEFAULT_DECLARATION', USERS.approver, 'CREDIT_APPROVER', defaultRecordReason],
      ['INSURANCE_CLAIM_CONFIRMATION', INSURER, 'INSURER', null],
      ['INSURANCE_CLAIM_PAYMENT', INSURER_PAYER, 'INSURER', null],
      ['FUND_CLAIM_REVIEW', FUND_MANAGER, 'FUND_MANAGER', null],
      ['FUND_CLAIM_PAYMENT', FUND_PAYER, 'FUND_MANAGER', null],
      ['DISPOSAL_START', USERS.officer, 'LOAN_OFFICER', null],
      ['VALUATION_REFRESH', USERS.evaluator, 'EVALUATOR', null],
      ['METHOD_CHOICE', USERS.officer, 'LOAN_OFFICER', null],
      ['ROUND_OPENING', OPERATOR, 'EXCHANGE_OPERATOR', null],
      ['ROUND_CLOSING', null, null, null],
      ['ROUND_OPENING', OPERATOR, 'EXCHANGE_OPERATOR', null],
      ['ROUND_CLOSING', null, null, null],
      ['SALE_PROPOSAL', USERS.officer, 'LOAN_OFFICER', null],
      ['BELOW_FLOOR_APPROVAL', ADMIN, 'ADMINISTRATOR', approvalReason],
      ['SALE_COMPLETION', USERS.officer, 'LOAN_OFFICER', null],
      ['TRANSFER_REGISTRATION', USERS.clerk, 'REGISTRATION_CLERK', null],
    ]);
    const byKind = (kind: string) => decisions.find((d) => d.kind === kind);
    expect(byKind('DEFAULT_DECLARATION')).toMatchObject({
      source: 'CASE',
      businessDate: '2026-04-17',
    });
    expect(byKind('METHOD_CHOICE')).toMatchObject({
      source: 'DISPOSAL',
      detail: { method: 'AUCTION' },
    });
    expect(byKind('SALE_PROPOSAL').detail).toMatchObject({
      method: 'NEGOTIATED_TRANSFER',
      buyer: buyerC,
      price: '425555.55',
      floor: '560000.00',
      belowFloor: true,
    });
    expect(byKind('BELOW_FLOOR_APPROVAL')).toMatchObject({
      source: 'DISPOSAL',
      businessDate: '2026-05-06',
      detail: { price: '425555.55', floor: '560000.00' },
    });
    expect(byKind('SALE_COMPLETION').detail).toMatchObject({
      proceeds: '425555.55',
      costs: '12000.00',
    });
    // The shortfall written off, see the waterfall below: 597,544.45.
    expect(byKind('LOAN_WRITE_OFF')).toMatchObject({
      source: 'LEDGER',
      actor: null,
      businessDate: '2026-05-06',
      reason: `Shortfall after the disposal of the pledged IP (NEGOTIATED_TRANSFER to ${buyerC} for 425555.55)`,
      detail: { amount: '597544.45' },
    });

    // The default and the loss it left on 2026-04-17 (61 days past due): principal 1,000,000.00;
    // interest of the instalments due 02-15, 03-15, 04-15: 3,100.00 + 2,800.00 + 3,100.00 = 9,000.00;
    // base (principal only, IP-secured 80 %) 800,000.00; insurer 16 % = 128,000.00,
    // fund 54 % = 432,000.00, guarantor 10 % = 80,000.00, bank the rest 160,000.00.
    expect(f.default).toMatchObject({
      kind: 'DECLARED',
      declaredBy: USERS.approver,
      reason: defaultRecordReason,
      on: '2026-04-17',
      daysPastDue: 61,
      nonPerformingSince: '2026-02-15',
      principalOutstanding: '1000000.00',
      interestOutstanding: '9000.00',
      ipSecuredShare: '0.8',
      schemeCode: 'SH-DEPOSIT-2023',
      lossBase: '800000.00',
      shares: { bank: '160000.00', insurer: '128000.00', fund: '432000.00', guarantor: '80000.00' },
      recordedAt: expect.stringMatching(INSTANT),
    });
    const step = (status: string, userId: string, role: string) => ({
      status,
      actor: { userId, role },
      on: '2026-04-17',
      at: expect.stringMatching(INSTANT),
    });
    expect(f.claims).toEqual([
      {
        claimId: fundClaimId(caseNumber),
        payer: 'FUND',
        payerOrgId: 'FUND-SH-SME',
        fundCode: 'FUND-SH-SME-IP',
        share: '432000.00',
        cap: null,
        status: 'PAID',
        filedOn: '2026-04-17',
        // 2026-02-15 + 60 days = 2026-04-16, but not before the default.
        eligibleOn: '2026-04-17',
        steps: [
          step('REVIEWED', FUND_MANAGER, 'FUND_MANAGER'),
          step('PAID', FUND_PAYER, 'FUND_MANAGER'),
        ],
        payment: {
          reference: `FUND-PAY-${ref}`,
          amount: '432000.00',
          limitedBy: null,
          // 432,000.00 × 0.8 held in deposit, released for good after the write-off.
          deposit: '345600.00',
          depositReleasedOn: '2026-05-06',
          paidOn: '2026-04-17',
          paidBy: FUND_PAYER,
          paidAt: expect.stringMatching(INSTANT),
        },
      },
      {
        claimId: insuranceClaimId(caseNumber),
        payer: 'INSURER',
        payerOrgId: 'INS-ANXIN',
        fundCode: null,
        share: '128000.00',
        cap: null,
        status: 'PAID',
        filedOn: '2026-04-17',
        eligibleOn: '2026-04-17',
        steps: [step('CONFIRMED', INSURER, 'INSURER'), step('PAID', INSURER_PAYER, 'INSURER')],
        payment: {
          reference: `INS-PAY-${ref}`,
          amount: '128000.00',
          limitedBy: null,
          deposit: null,
          depositReleasedOn: null,
          paidOn: '2026-04-17',
          paidBy: INSURER_PAYER,
          paidAt: expect.stringMatching(INSTANT),
        },
      },
    ]);
    // Everyone who acted, with their organisation.
    expect((f.participants as Json[]).map((p) => [p.userId, p.role, p.organisationId])).toEqual([
      [ADMIN, 'ADMINISTRATOR', 'MUNI-IPO'],
      [USERS.approver, 'CREDIT_APPROVER', 'BANK-SHCB'],
      [USERS.clerk, 'REGISTRATION_CLERK', 'REG-SH'],
      [USERS.evaluator, 'EVALUATOR', 'VAL-HUAYU'],
      [FUND_MANAGER, 'FUND_MANAGER', 'FUND-SH-SME'],
      [FUND_PAYER, 'FUND_MANAGER', 'FUND-SH-SME'],
      [INSURER, 'INSURER', 'INS-ANXIN'],
      [INSURER_PAYER, 'INSURER', 'INS-ANXIN'],
      [USERS.officer, 'LOAN_OFFICER', 'BANK-SHCB'],
      [OPERATOR, 'EXCHANGE_OPERATOR', 'EXCH-SHIPX'],
    ]);
  });

  it('holds the waterfall as the case distributed it, the whole timeline in order and the audit entries', async () => {
    const f: Json = (await file()).body;
    const closed = await expectCaseStatus(system, caseNumber, 'CLOSED');
    // The bank's interest to the settlement date 2026-05-06: the instalments of 02-15, 03-15 and
    // 04-15, due and unpaid, 3,100.00 + 2,800.00 + 3,100.00 = 9,000.00, plus contract interest
    // since 04-15 on the whole principal (interest only, none of it overdue): 21 days × 100.00 =
    // 2,100.00; together 11,100.00.
    // proceeds 425,555.55 − costs 12,000.00 = 413,555.55; − 11,100.00 = 402,455.55 = R (below
    // the principal 1,000,000.00), shared as the loss was borne:
    //   fund    = 40,245,555 fen × 432,000.00 / 1,000,000.00 = 17,386,079.76 fen → 173,860.80
    //   insurer = 40,245,555 fen × 128,000.00 / 1,000,000.00 =  5,151,431.04 fen →  51,514.31
    //   bank    = 402,455.55 − 173,860.80 − 51,514.31 = 177,080.44
    // pledgor 0.00; unrecovered = 1,000,000.00 − 402,455.55 = 597,544.45.
    const scheduled = (seq: number, from: string, to: string, days: number, amount: string) => ({
      kind: 'SCHEDULED',
      seq,
      principalBase: '1000000.00',
      annualRate: '0.036',
      from,
      to,
      days,
      gross: amount,
      paid: '0.00',
      amount,
    });
    const expected = {
      settledOn: '2026-05-06',
      proceeds: '425555.55',
      interestDue: '11100.00',
      principalDue: '1000000.00',
      fundPaid: '432000.00',
      insurerPaid: '128000.00',
      costs: '12000.00',
      bankInterest: '11100.00',
      bankPrincipal: '177080.44',
      fund: '173860.80',
      insurer: '51514.31',
      pledgor: '0.00',
      unrecovered: '597544.45',
      interestBasis: {
        asOf: '2026-05-06',
        contractRate: '0.036',
        penaltyRate: '0.054',
        scheduled: '9000.00',
        contract: '2100.00',
        penalty: '0.00',
        total: '11100.00',
        lines: [
          scheduled(1, '2026-01-15', '2026-02-15', 31, '3100.00'),
          scheduled(2, '2026-02-15', '2026-03-15', 28, '2800.00'),
          scheduled(3, '2026-03-15', '2026-04-15', 31, '3100.00'),
          {
            kind: 'CONTRACT',
            seq: null,
            principalBase: '1000000.00',
            annualRate: '0.036',
            from: '2026-04-15',
            to: '2026-05-06',
            days: 21,
            gross: '2100.00',
            paid: '0.00',
            amount: '2100.00',
          },
        ],
      },
    };
    expect(closed.settlement).toEqual(expected);
    expect(f.waterfall).toEqual({
      outcome: 'SOLD',
      method: 'NEGOTIATED_TRANSFER',
      buyer: buyerC,
      ...closed.settlement,
      recordedAt: expect.stringMatching(INSTANT),
    });
    expect(f.writeOff).toMatchObject({ amount: '597544.45', on: '2026-05-06' });

    // The case's and the disposal's timelines, merged by instant, each in its own order.
    const timeline = f.timeline as Json[];
    const caseEntries = await caseTimeline(system, caseNumber);
    const disposalEntries = (await getDisposal(system, caseNumber)).timeline as Json[];
    const of = (source: string) => timeline.filter((e) => e.source === source);
    expect(of('CASE').map((e) => [e.seq, e.event, e.actor?.userId ?? null])).toEqual(
      caseEntries.map((e) => [e.seq, e.event, e.actorUserId]),
    );
    expect(of('DISPOSAL').map((e) => [e.seq, e.event, e.actor?.userId ?? null])).toEqual(
      disposalEntries.map((e) => [e.seq, e.event, e.actorUserId]),
    );
    expect(timeline).toHaveLength(caseEntries.length + disposalEntries.length);
    const instants = timeline.map((e) => e.occurredAt as string);
    expect([...instants].sort()).toEqual(instants);

    // The audit log's entries about the case: every transition of its timeline, and every
    // request acting on it (the administrator's approval among them), chained by hash.
    const audit = f.audit.entries as Json[];
    for (const [i, e] of audit.entries()) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.occurredAt).toMatch(INSTANT);
      if (i > 0) expect(e.seq).toBeGreaterThan(audit[i - 1].seq);
    }
    expect(audit.filter((e) => e.action === 'CASE_TRANSITION')).toHaveLength(caseEntries.length);
    // … and every step of the disposal workflow.
    expect(audit.filter((e) => e.action === 'DISPOSAL_EVENT')).toHaveLength(disposalEntries.length);
    expect(
      audit.filter((e) => e.action === 'API_REQUEST' && e.actor?.userId === ADMIN),
    ).toHaveLength(1); // POST …/disposal/sale/approve
    expect(audit.filter((e) => e.action === 'DISPOSAL_FINDING_RECORDED')).toEqual([]);
    const position = (source: string, event: string) =>
      timeline.findIndex((e) => e.source === source && e.event === event);
    expect(position('CASE', 'OPEN')).toBe(0);
    expect(position('CASE', 'DECLARE_DEFAULT')).toBeLessThan(position('DISPOSAL', 'OPEN_ROUND'));
    expect(position('DISPOSAL', 'APPROVE_SALE')).toBeLessThan(position('CASE', 'SETTLE'));
    // The clerk's registration of the transfer comes last, after the case closed.
    expect(timeline[timeline.length - 1]).toMatchObject({
      source: 'DISPOSAL',
      event: 'REGISTER_TRANSFER',
    });
  });

  it('prints the same file as a PDF with the Chinese font embedded', async () => {
    const json = await file();
    expectOk(json, 200);
    const res = await pdf();
    expectOk(res, 200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    const content = res.body as Buffer;
    const raw = content.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    expect((raw.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(1);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    // Laid out from the same JSON: it names that JSON's SHA-256 in its subtitle (the PDF's
    // Subject), and the response header says the same.
    const sha256 = createHash('sha256').update(JSON.stringify(json.body)).digest('hex');
    expect(res.headers['x-disposal-file-sha256']).toBe(sha256);
    expect(content.includes(utf16be(`JSON SHA-256 ${sha256}`))).toBe(true);
    expect(content.includes(utf16be(caseNumber))).toBe(true);
  });

  it('records findings with their audit entries, which change nothing else in the file', async () => {
    const before = await file();
    expectOk(before, 200);
    const created = await recordFinding({
      severity: 'OBSERVATION',
      title: '第二轮起拍价降幅接近上限',
      text: 'Round 2 started 19.64 % below round 1, close to the 20 % limit.',
    });
    expectOk(created, 201);
    expect(created.body).toEqual({
      caseNumber,
      seq: 1,
      severity: 'OBSERVATION',
      title: '第二轮起拍价降幅接近上限',
      text: 'Round 2 started 19.64 % below round 1, close to the 20 % limit.',
      recordedBy: { userId: ADMIN, role: 'ADMINISTRATOR' },
      recordedAt: expect.stringMatching(INSTANT),
    });
    const second = await recordFinding({
      severity: 'SERIOUS',
      title: '  Sale below the floor  ',
      text: 'Check the market sounding behind the approval.',
    });
    expectOk(second, 201);
    expect(second.body).toMatchObject({ seq: 2, title: 'Sale below the floor' });

    const after = await file();
    expectOk(after, 200);
    // Listed as returned, without the case number (toEqual ignores an undefined member).
    expect(after.body.findings).toEqual([
      { ...created.body, caseNumber: undefined },
      { ...second.body, caseNumber: undefined },
    ]);
    // Byte for byte the same file, the findings, the audit log and the version aside …
    const rest = (body: Json) =>
      JSON.stringify({ ...body, fileVersion: null, findings: null, audit: null });
    expect(rest(after.body)).toBe(rest(before.body));
    // … the version moved with the findings, and stays while nothing else is recorded.
    expect(after.body.fileVersion).not.toBe(before.body.fileVersion);
    expect((await file()).body.fileVersion).toBe(after.body.fileVersion);
    expect(after.text).toContain(JSON.stringify(after.body.findings));
    // … and the audit log only grew, by each finding and the request that recorded it.
    const entriesBefore = before.body.audit.entries as Json[];
    const entriesAfter = after.body.audit.entries as Json[];
    expect(entriesAfter.slice(0, entriesBefore.length)).toEqual(entriesBefore);
    const admin = { userId: ADMIN, role: 'ADMINISTRATOR' };
    expect(entriesAfter.slice(entriesBefore.length).map((e) => [e.action, e.actor])).toEqual([
      ['DISPOSAL_FINDING_RECORDED', admin],
      ['API_REQUEST', admin],
      ['DISPOSAL_FINDING_RECORDED', admin],
      ['API_REQUEST', admin],
    ]);
    await withDb(system, async (db) => {
      const recorded = await db.query(
        `SELECT a.payload, a.occurred_at, to_char(f.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at
           FROM audit_log a JOIN disposal_finding f ON a.source_key = 'disposal-finding:' || f.id
          WHERE a.subject_type = 'CASE' AND a.subject_id = $1 ORDER BY a.seq`,
        [caseNumber],
      );
      expect(recorded.rows.map((r) => r.payload)).toEqual([
        {
          findingSeq: 1,
          severity: 'OBSERVATION',
          title: '第二轮起拍价降幅接近上限',
          text: 'Round 2 started 19.64 % below round 1, close to the 20 % limit.',
        },
        {
          findingSeq: 2,
          severity: 'SERIOUS',
          title: 'Sale below the floor',
          text: 'Check the market sounding behind the approval.',
        },
      ]);
      for (const row of recorded.rows) expect(row.occurred_at).toBe(row.recorded_at);
    });
    const verified = await (await system.as(ADMIN)).get('/api/v1/audit/verify');
    expectOk(verified, 200);
    expect(verified.body).toMatchObject({ ok: true, firstBroken: null });

    // Insert-only: the application's role has no right to change or remove a finding, and the
    // trigger refuses even the database owner.
    const app = new PgClient({ connectionString: system.appDatabaseUrl });
    await app.connect();
    try {
      for (const sql of [
        `UPDATE disposal_finding SET severity = 'INFO'`,
        `DELETE FROM disposal_finding`,
        `TRUNCATE disposal_finding`,
      ]) {
        await expect(app.query(sql)).rejects.toMatchObject({
          code: '42501',
          message: 'permission denied for table disposal_finding',
        });
      }
    } finally {
      await app.end();
    }
    await withDb(system, async (db) => {
      await expect(db.query(`UPDATE disposal_finding SET severity = 'INFO'`)).rejects.toThrow(
        /insert-only/,
      );
      await expect(db.query(`DELETE FROM disposal_finding`)).rejects.toThrow(/insert-only/);
    });
    expect(await findingRows()).toBe(2);
  });

  it('refuses every role but the administrator, and bad findings, storing nothing', async () => {
    const stored = await findingRows();
    for (const who of [USERS.officer, USERS.approver, INSURER, FUND_MANAGER, USERS.clerk]) {
      expectProblem(await file(who), 403, 'ROLE_FORBIDDEN');
      expectProblem(await pdf(who), 403, 'ROLE_FORBIDDEN');
      expectProblem(
        await recordFinding({ severity: 'INFO', title: 'x', text: 'y' }, who),
        403,
        'ROLE_FORBIDDEN',
      );
    }
    const valid = { severity: 'FINDING', title: 'A title', text: 'A text' };
    for (const bad of [
      { ...valid, severity: 'CRITICAL' },
      { ...valid, severity: undefined },
      { ...valid, title: undefined },
      { ...valid, title: '   ' },
      { ...valid, title: 'x'.repeat(201) },
      { ...valid, text: '' },
      { ...valid, text: 42 },
      { ...valid, caseNumber: 'OTHER' },
    ]) {
      const problem = expectProblem(await recordFinding(bad), 400, 'VALIDATION_FAILED');
      expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await findingRows()).toBe(stored);
  });

  it('answers 404 for an unknown case and 409 NO_DISPOSAL for a case without a disposal', async () => {
    const admin = await system.as(ADMIN);
    const unknown = `BANK-SHCB-NO-SUCH-${ref}`;
    expectProblem(
      await admin.get(`/api/v1/admin/disposal-files/${unknown}`),
      404,
      'CASE_NOT_FOUND',
    );
    expectProblem(
      await admin.post(`/api/v1/admin/disposal-files/${unknown}/findings`, {
        severity: 'INFO',
        title: 't',
        text: 'x',
      }),
      404,
      'CASE_NOT_FOUND',
    );

    const { caseNumber: active } = await openActiveCase(system);
    const stored = await findingRows();
    const problem = expectProblem(
      await admin.get(`/api/v1/admin/disposal-files/${active}`),
      409,
      'NO_DISPOSAL',
    );
    expect(problem.detailZh).toBe('该案件尚无质押物处置，没有处置档案');
    expectProblem(
      await admin.get(`/api/v1/admin/disposal-files/${active}/pdf`),
      409,
      'NO_DISPOSAL',
    );
    expectProblem(
      await admin.post(`/api/v1/admin/disposal-files/${active}/findings`, {
        severity: 'INFO',
        title: 't',
        text: 'x',
      }),
      409,
      'NO_DISPOSAL',
    );
    expect(await findingRows()).toBe(stored);
  });

  /**
   * Issue 12: the printed file reads like a document an auditor signs. A second case, sold in
   * round 2 of an auction after thirty-two bids by four bidders, with ten findings (one of them
   * longer than a page), spans many pages; its PDF is rendered to images and read back as text.
   */
  describe('the printed file of a long disposal', () => {
    let long: { caseNumber: string; ref: string; patent: string; pledgor: string };
    let json: Json;
    let pdfContent: Buffer;
    let pages: string[];
    let images: PageImage[];
    const bidders: string[] = [];
    const LONG_FINDING = Array.from(
      { length: 90 },
      (_, i) =>
        `第${i + 1}项核对：出价记录与交易所流水一致，保证金凭证齐全。Check ${i + 1}: the bid ledger matches the exchange's statement.`,
    ).join(' ');

    beforeAll(async () => {
      ensurePoppler();
      const today = await businessDate(system);
      const loan = await openInterestOnlyLoan(system, {
        on: today,
        valuationValidUntil: '2027-12-31',
        title: 'disposal file, printed: harmonic drive',
      });
      long = {
        caseNumber: loan.caseNumber,
        ref: loan.request.bankReference,
        patent: loan.patent,
        pledgor: loan.request.enterprise.uscc,
      };
      await declareDefault(system, long.caseNumber, {
        reasonCode: 'BORROWER_WRITTEN_NOTICE',
        reason: 'The borrower wrote that it stops trading',
      });
      // The fund is claimed after 60 days non-performing.
      await advanceTo(system, addDays(today, 62));
      await payCompensationClaims(system, long.caseNumber, long.ref);
      await act(system, long.caseNumber, '/disposal');
      await disposalStep(system, long.caseNumber, '/method', { method: 'AUCTION' });
      // The case's report of 5,000,000.00 is still valid: the floor is 3,500,000.00.
      await disposalStep(system, long.caseNumber, '/rounds', { startingPrice: '3500000.00' });
      const on = await businessDate(system);
      const registered = [];
      for (let i = 0; i < 4; i++)
        registered.push(await registerBidder(system, long.caseNumber, on));
      bidders.push(...registered.map((b) => b.identity));
      // Round 1: sixteen bids, all below the start.
      for (let i = 0; i < 16; i++) {
        await disposalStep(system, long.caseNumber, '/bids', {
          bidderId: registered[i % 4]!.bidderId,
          amount: fromFen(300_000_000n + BigInt(i) * 123_456n),
        });
      }
      await advanceTo(system, (await getDisposal(system, long.caseNumber)).rounds[0].closesOn);
      // Round 2 at 2,800,000.00 (3,500,000.00 × 0.8): sixteen bids, the last six at or above it.
      await disposalStep(system, long.caseNumber, '/rounds', { startingPrice: '2800000.00' });
      for (let i = 0; i < 16; i++) {
        await disposalStep(system, long.caseNumber, '/bids', {
          bidderId: registered[i % 4]!.bidderId,
          amount: fromFen(276_000_000n + BigInt(i) * 400_001n),
        });
      }
      await advanceTo(system, (await getDisposal(system, long.caseNumber)).rounds[1].closesOn);
      const sold = await getDisposal(system, long.caseNumber);
      expect(sold.rounds[1].outcome).toBe('SOLD');
      if (sold.status === 'AWAITING_APPROVAL') {
        await disposalStep(
          system,
          long.caseNumber,
          '/sale/approve',
          { reason: 'Round 2 sold at its start after round 1 passed' },
          ADMIN,
        );
      }
      await disposalStep(system, long.caseNumber, '/sale/complete', { costs: '23456.78' });
      await registerTransfer(system, long.caseNumber, await businessDate(system), `ZR-${long.ref}`);
      const admin = await system.as(ADMIN);
      for (let i = 1; i <= 10; i++) {
        const recorded = await admin.post(
          `/api/v1/admin/disposal-files/${long.caseNumber}/findings`,
          {
            severity: ['INFO', 'OBSERVATION', 'FINDING', 'SERIOUS'][i % 4],
            title: `第${i}项 出价核对 Bid check ${i}`,
            text:
              i === 7
                ? LONG_FINDING
                : `第${i}轮核对已完成，未发现异常。Check ${i} done; nothing unusual.`,
          },
        );
        expectOk(recorded, 201);
      }
      const res = await admin.get(`/api/v1/admin/disposal-files/${long.caseNumber}`);
      expectOk(res, 200);
      json = res.body;
      const printed = await admin
        .get(`/api/v1/admin/disposal-files/${long.caseNumber}/pdf`)
        .buffer(true)
        .parse(binary);
      expectOk(printed, 200);
      pdfContent = printed.body as Buffer;
      const out = join(__dirname, '..', '..', 'test-output', 'pdf');
      images = await renderPages(pdfContent, out);
      writeFileSync(join(out, 'disposal-file.json'), JSON.stringify(json, null, 2));
      pages = await pdfPagesText(join(out, 'file.pdf'));
      // Thirty-odd steps through the workflows and a PDF of many pages: minutes on a busy machine.
    }, 600_000);

    /** The page's text with runs of spaces made one (columns are set apart by spaces). */
    const flat = (page: string) => page.replace(/[ \u00a0]+/g, ' ');
    const whole = () => flat(pages.join('\n'));
    const bidRow = /^\s*\d+\s+[12]\s+[0-9A-Z]{18}\s+[\d,]+\.\d{2} 元/m;

    it('spans pages that are each rendered, none blank, one image per page', () => {
      expect(json.bids).toHaveLength(32);
      expect(json.findings).toHaveLength(10);
      const declared = (pdfContent.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
      expect(declared).toBeGreaterThanOrEqual(8);
      expect(images).toHaveLength(declared);
      expect(pages).toHaveLength(declared);
      for (const image of images) {
        // Text and rules on white: some ink, far from all of it, spread over the page.
        expect(image.inkShare).toBeGreaterThan(0.005);
        expect(image.inkShare).toBeLessThan(0.3);
        expect(image.inkedRowsShare).toBeGreaterThan(0.1);
      }
      // Every page's footer names it among all of them, and the file's version.
      for (const [i, page] of pages.entries()) {
        expect(page).toContain(`第 ${i + 1} / ${declared} 页`);
        expect(page).toContain(`档案版本 ${json.fileVersion}`);
      }
    });

    it('repeats the table header, under the continued heading, on every page a table continues on', () => {
      const bidPages = pages.filter((page) => bidRow.test(page));
      expect(bidPages.length).toBeGreaterThanOrEqual(2);
      for (const page of bidPages) expect(page).toMatch(/出价金额/);
      for (const page of bidPages.slice(1)) expect(page).toMatch(/出价 Bids（续）/);
      const findingPages = pages.filter((page) => /第\d+项 ?(出价)?核对/.test(page));
      expect(findingPages.length).toBeGreaterThanOrEqual(2);
      for (const page of findingPages) expect(page).toMatch(/记录人与时间/);
      // The finding longer than a page is printed whole, over two pages at least.
      const longPages = pages.filter((page) => /第\d+项核对：/.test(page));
      expect(longPages.length).toBeGreaterThanOrEqual(2);
      expect(whole()).toContain('第90项');
    });

    it('never leaves a heading or a table header at the foot of a page', async () => {
      // The same document laid out again from the same JSON, with its trace.
      const trace: PrintablePlacement[] = [];
      const again = await renderPrintablePdf(
        disposalFileDocument(json, {
          generatedAt: new Date().toISOString(),
          jsonSha256: '0'.repeat(64),
        }),
        trace,
      );
      expect((again.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBe(pages.length);
      const byPage = new Map<number, PrintablePlacement[]>();
      for (const p of trace) byPage.set(p.page, [...(byPage.get(p.page) ?? []), p]);
      for (const [, placed] of byPage) {
        const last = placed[placed.length - 1]!;
        expect(last.kind === 'row' || last.kind === 'paragraph').toBe(true);
        placed.forEach((p, i) => {
          // A header has a row of its table after it on its page; a heading is followed by its section.
          if (p.kind === 'header')
            expect(placed[i + 1]).toMatchObject({ kind: 'row', section: p.section });
          if (p.kind === 'heading') expect(placed[i + 1]?.section).toBe(p.section);
        });
      }
      // The bids table is on more than one page, and starts each with its header.
      const bidPages = [...byPage.values()].filter((placed) =>
        placed.some((p) => p.section === '出价 Bids' && p.kind === 'row'),
      );
      expect(bidPages.length).toBeGreaterThanOrEqual(2);
      for (const placed of bidPages) {
        const first = placed.findIndex((p) => p.section === '出价 Bids');
        expect(placed.slice(first, first + 3).map((p) => p.kind)).toEqual([
          'heading',
          'header',
          'row',
        ]);
      }
    });

    it('prints every amount and identifier whole, on one line', () => {
      const text = whole();
      const amounts = [
        ...(json.bids as Json[]).map((b) => b.amount as string),
        ...(json.rounds as Json[]).flatMap((r) => [r.startingPrice, r.minimumPrice, r.highestBid]),
        json.case.loan.amount,
        json.disposal.floor,
        json.waterfall.proceeds,
        json.waterfall.costs,
        json.waterfall.bankPrincipal,
        json.waterfall.unrecovered,
      ] as string[];
      for (const amount of amounts) expect(text).toContain(yuanZh(amount));
      // e.g. 3,000,123.45 元: thousands separators and the unit.
      expect(text).toContain(yuanZh(json.bids[1].amount));
      expect(yuanZh(json.bids[1].amount)).toMatch(/^\d,\d{3},\d{3}\.\d{2} 元$/);
      const identifiers = [
        long.caseNumber,
        long.pledgor,
        long.patent,
        ...bidders,
        `RG-${long.ref}`,
        `ZR-${long.ref}`,
        `VR-${long.ref}`,
        json.registration.filings[0].filingNumber,
        fundClaimId(long.caseNumber),
        insuranceClaimId(long.caseNumber),
        json.fileVersion,
      ] as string[];
      for (const identifier of identifiers) expect(text).toContain(identifier);
      // No line ends inside an amount: a number followed by nothing but the line's end.
      for (const page of pages) {
        for (const line of page.split('\n')) expect(line).not.toMatch(/\d,\d{3}(\.\d{0,1})?\s*$/);
      }
    });

    it('shows codes by their Chinese names, dates the Chinese way, and no JSON', () => {
      const text = whole();
      for (const name of [
        '已结案',
        '处置完成',
        '拍卖',
        '流拍',
        '成交',
        '客户经理',
        '交易所操作员',
        '发明专利',
        '借款人书面通知',
        '质权已实现',
        '准予登记',
        '已注销',
        '严重问题',
        '案件状态变更',
        '记录出价',
      ]) {
        expect(text).toContain(name);
      }
      expect(text).toContain(dateZh(json.case.applicationDate));
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toMatch(/[{}]|":/);
      // No member name of the JSON either: every label is Chinese.
      expect(text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []).toEqual([]);
      // Every code-like value of the file (statuses, events, kinds, roles …) appears only by name.
      const codes = new Set<string>();
      const collect = (value: unknown): void => {
        if (
          typeof value === 'string' &&
          /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(value) &&
          value.length > 2 &&
          !/\d/.test(value)
        )
          codes.add(value);
        else if (Array.isArray(value)) value.forEach(collect);
        else if (value && typeof value === 'object') Object.values(value).forEach(collect);
      };
      collect(json);
      expect(codes.has('CLOSED')).toBe(true);
      for (const code of codes) {
        expect({
          code,
          found: new RegExp(`(?<![A-Za-z0-9_.-])${code}(?![A-Za-z0-9_-])`).test(text),
        }).toEqual({ code, found: false });
      }
    });
  });
});
