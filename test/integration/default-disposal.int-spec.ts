import {
  act,
  advanceTo,
  businessDate,
  expectCaseStatus,
  expectOk,
  getCase,
  newUscc,
  toFen,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  allowedDisposalActions,
  caseTimeline,
  claimOf,
  disposalStep as step,
  FUND_MANAGER,
  FUND_PAYER,
  fundBalance as balance,
  fundClaimId,
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
import { recordHistoriesIfAsked } from '../support/histories';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { testEnv } from '../setup/test-env';
import { loanCaseWorkflowId } from '../../workflows/loan-case/loan-case.shared';
import { disposalWorkflowId } from '../../workflows/disposal/disposal.shared';

jest.setTimeout(180_000);

/**
 * Issue 5, acceptance: a defaulted loan end to end through the API, on the real Temporal dev
 * server, PostgreSQL and Redis. The seeded product SHCB-IP-STD defaults by itself at 90 days
 * past due; its risk scheme is the Shanghai deposit model (fund claimable after 60 days
 * non-performing, principal only, IP-secured share only, 80 % of the fund's payment in deposit);
 * its auction rules are a floor of 70 %, cuts of at most 20 %, five-day rounds, two rounds.
 */
describe('default and disposal: a defaulted loan from default to closure over the API', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it('defaults at 90 days on that business date, insurer and fund pay, the second round sells, the proceeds are distributed and the case closes', async () => {
    const today = await businessDate(system);
    expect(today).toBe('2026-01-15');

    // --- an interest-only loan that is never repaid ----------------------------------------
    // 1,000,000.00 at 3.6 %: interest is 1,000,000.00 × 0.036 / 360 = 100.00 a day (actual/360).
    // The report is valid only until 2026-04-30, so the disposal needs a fresh one.
    // The IP secures 80 % of the loan; loss shares bank 20 %, insurer 16 %, fund 54 %, guarantor 10 %.
    const { caseNumber, request, patent, active } = await openInterestOnlyLoan(system, {
      on: today,
      valuationValidUntil: '2026-04-30',
      title: 'default acceptance: servo encoder',
    });
    const ref = request.bankReference;
    // Days per period: Jan 15 → Feb 15 = 31, → Mar 15 = 28, → Apr 15 = 31, → May 15 = 30.
    expect(
      (active.schedule as Json[]).slice(0, 4).map((r) => [r.dueDate, r.principal, r.interest]),
    ).toEqual([
      ['2026-02-15', '0.00', '3100.00'],
      ['2026-03-15', '0.00', '2800.00'],
      ['2026-04-15', '0.00', '3100.00'],
      ['2026-05-15', '0.00', '3000.00'],
    ]);

    // --- delinquency: the first unpaid instalment fell due on 2026-02-15 --------------------
    await advanceTo(system, '2026-02-16'); // 1 day past due
    expect(await getCase(system, caseNumber)).toMatchObject({
      status: 'OVERDUE',
      daysPastDue: 1,
      delinquency: { bucket: 'DPD_1_30', since: '2026-02-16' },
    });
    await advanceTo(system, '2026-03-18'); // 13 days of February left + 18 = 31
    await advanceTo(system, '2026-04-17'); // 31 + 30 = 61
    await advanceTo(system, '2026-05-15'); // 61 + 28 = 89: not yet
    expect(await getCase(system, caseNumber)).toMatchObject({
      status: 'OVERDUE',
      daysPastDue: 89,
      delinquency: { bucket: 'DPD_61_90' },
      default: null,
    });

    await advanceTo(system, '2026-05-16'); // 90 days past due: the product's threshold
    const defaulted = await getCase(system, caseNumber);
    expect(defaulted.status).toBe('COMPENSATION');
    // Loss fixed on the default date: principal 1,000,000.00 (nothing repaid); overdue interest
    // 3,100.00 + 2,800.00 + 3,100.00 + 3,000.00 = 12,000.00; the Shanghai scheme shares the
    // principal only, on the IP-secured 80 %: base = 1,000,000.00 × 0.8 = 800,000.00;
    // insurer 16 % = 128,000.00, fund 54 % = 432,000.00, guarantor 10 % = 80,000.00,
    // the bank the rest: 800,000.00 − 128,000.00 − 432,000.00 − 80,000.00 = 160,000.00.
    expect(defaulted.default).toMatchObject({
      kind: 'AUTOMATIC',
      on: '2026-05-16',
      declaredBy: null,
      daysPastDue: 90,
      nonPerformingSince: '2026-02-15',
      principalOutstanding: '1000000.00',
      interestOutstanding: '12000.00',
      ipSecuredShare: '0.8',
      lossBase: '800000.00',
      shares: { bank: '160000.00', insurer: '128000.00', fund: '432000.00', guarantor: '80000.00' },
      scheme: { code: 'SH-DEPOSIT-2023', triggerDaysNonPerforming: 60, depositRatio: '0.8' },
    });
    const timelineAtDefault = await timeline(caseNumber);
    expect(
      timelineAtDefault
        .filter((e) => ['AUTO_DEFAULT', 'OPEN_COMPENSATION'].includes(e.event))
        .map((e) => [e.event, e.toStatus, e.businessDate, e.actorRole]),
    ).toEqual([
      ['AUTO_DEFAULT', 'DEFAULTED', '2026-05-16', 'SYSTEM'],
      ['OPEN_COMPENSATION', 'COMPENSATION', '2026-05-16', 'SYSTEM'],
    ]);

    // The arrears keep ageing after the default: 91 days is the last bucket.
    await advanceTo(system, '2026-05-17');
    const moves = await (
      await system.as(USERS.officer)
    ).get(`/api/v1/cases/${caseNumber}/delinquency`);
    expectOk(moves, 200);
    expect(moves.body.moves).toEqual([
      { seq: 1, from: 'CURRENT', to: 'DPD_1_30', daysPastDue: 1, on: '2026-02-16' },
      { seq: 2, from: 'DPD_1_30', to: 'DPD_31_60', daysPastDue: 31, on: '2026-03-18' },
      { seq: 3, from: 'DPD_31_60', to: 'DPD_61_90', daysPastDue: 61, on: '2026-04-17' },
      { seq: 4, from: 'DPD_61_90', to: 'DPD_90_PLUS', daysPastDue: 91, on: '2026-05-17' },
    ]);

    // --- compensation: the insurer confirms and pays, the fund reviews and pays -------------
    const insuranceClaim = insuranceClaimId(caseNumber);
    const fundClaim = fundClaimId(caseNumber);
    const fundBefore = await fundBalance();
    const { insurerPaid, fundPaid } = await payCompensationClaims(system, caseNumber, ref);
    expect(claimOf(insurerPaid, insuranceClaim)).toMatchObject({
      status: 'PAID',
      share: '128000.00',
      payment: { amount: '128000.00', limitedBy: null, deposit: null, paidOn: '2026-05-17' },
    });
    // Deposit model: 432,000.00 × 0.8 = 345,600.00 held in deposit until the write-off.
    expect(claimOf(fundPaid, fundClaim)).toMatchObject({
      status: 'PAID',
      share: '432000.00',
      eligibleOn: '2026-05-16', // 2026-02-15 + 60 days = 2026-04-16, but not before the default
      payment: { amount: '432000.00', limitedBy: null, deposit: '345600.00' },
    });
    // Paying again with the same reference is the same payment, not a second one.
    await act(
      system,
      caseNumber,
      `/compensation-claims/${fundClaim}/pay`,
      { reference: `FUND-PAY-${ref}` },
      FUND_PAYER,
    );
    const fundAfterPayment = await fundBalance();
    expect(toFen(fundAfterPayment.paid) - toFen(fundBefore.paid)).toBe(43_200_000n);

    // --- disposal ---------------------------------------------------------------------------
    const disposing = await act(system, caseNumber, '/disposal');
    expect(disposing.status).toBe('DISPOSAL');
    // The case's valuation expired on 2026-04-30: the evaluator refreshes it first.
    expect(await disposal(caseNumber)).toMatchObject({
      status: 'AWAITING_VALUATION',
      valuation: null,
    });
    // What each may do now, from the disposal's transition table.
    expect(await allowedDisposalActions(system, caseNumber, USERS.evaluator)).toEqual([
      'valuation',
    ]);
    expect(await allowedDisposalActions(system, caseNumber)).toEqual(['write-off']);
    const valued = await disposalStep(
      caseNumber,
      '/valuation',
      {
        reportNumber: `VR2-${ref}`,
        method: 'MARKET',
        baseDate: '2026-05-17',
        assets: [{ number: patent, value: '800000.00' }],
      },
      USERS.evaluator,
    );
    // Floor: 800,000.00 × 0.7 = 560,000.00.
    expect(valued).toMatchObject({
      status: 'AWAITING_METHOD',
      valuation: { reportNumber: `VR2-${ref}`, totalValue: '800000.00', source: 'REFRESHED' },
      floor: '560000.00',
    });
    await disposalStep(caseNumber, '/method', { method: 'AUCTION' });

    // Round 1 at the floor, five business days: a single bid below the starting price.
    const [bidderA, bidderB, bidderC] = [newUscc(), newUscc(), newUscc()];
    const round1 = await disposalStep(caseNumber, '/rounds', { startingPrice: '560000.00' });
    expect(round1.rounds).toEqual([
      expect.objectContaining({
        round: 1,
        startingPrice: '560000.00',
        minimumPrice: '560000.00',
        openedOn: '2026-05-17',
        closesOn: '2026-05-22',
        outcome: 'OPEN',
      }),
    ]);
    // The exchange registers bidders and records the bids; the bank may only propose to give up.
    expect(await allowedDisposalActions(system, caseNumber, OPERATOR)).toEqual([
      'register-bidder',
      'deposit',
      'bid',
    ]);
    expect(await allowedDisposalActions(system, caseNumber)).toEqual(['write-off']);
    const [a, b, c] = [
      await registerBidder(system, caseNumber, '2026-05-17', bidderA),
      await registerBidder(system, caseNumber, '2026-05-17', bidderB),
      await registerBidder(system, caseNumber, '2026-05-17', bidderC),
    ];
    await disposalStep(caseNumber, '/bids', { bidderId: a.bidderId, amount: '500000.00' });
    await advanceTo(system, '2026-05-22');
    expect(await disposal(caseNumber)).toMatchObject({
      status: 'AUCTION',
      rounds: [{ round: 1, outcome: 'UNSOLD', closedOn: '2026-05-22', winningBidSeq: null }],
    });

    // Round 2: at most 20 % below 560,000.00, i.e. from 560,000.00 × 0.8 = 448,000.00.
    const round2 = await disposalStep(caseNumber, '/rounds', { startingPrice: '450000.00' });
    expect(round2.rounds[1]).toMatchObject({
      round: 2,
      startingPrice: '450000.00',
      minimumPrice: '448000.00',
      // Five working days from Friday 2026-05-22: 25, 26, 27, 28, 29 May.
      closesOn: '2026-05-29',
    });
    await disposalStep(caseNumber, '/bids', { bidderId: a.bidderId, amount: '450000.00' });
    await disposalStep(caseNumber, '/bids', { bidderId: b.bidderId, amount: '455555.55' });
    // An equal bid that came later does not win.
    await disposalStep(caseNumber, '/bids', { bidderId: c.bidderId, amount: '455555.55' });
    await advanceTo(system, '2026-05-29');
    const sold = await disposal(caseNumber);
    expect(sold).toMatchObject({
      status: 'SALE_AGREED',
      sale: { method: 'AUCTION', buyer: bidderB, price: '455555.55', round: 2, belowFloor: false },
    });
    expect(sold.rounds[1]).toMatchObject({ outcome: 'SOLD', winningBidSeq: 3 });

    const completed = await disposalStep(caseNumber, '/sale/complete', { costs: '15500.00' });
    // Settled at once; the asset changes owner when the registration office registers it.
    expect(completed.status).toBe('TRANSFER_PENDING');
    const pendingAsset = await (await system.as(USERS.clerk)).get(`/api/v1/assets/${patent}`);
    expectOk(pendingAsset, 200);
    expect(pendingAsset.body).toMatchObject({
      owners: [request.enterprise.uscc],
      pendingTransfer: { toOwner: bidderB, requestedOn: '2026-05-29' },
    });
    const registered = await registerTransfer(system, caseNumber, '2026-05-29', `ZR-${ref}`);
    expect(registered.status).toBe('COMPLETED');

    // --- the waterfall, to the fen ----------------------------------------------------------
    // The bank's interest to the settlement date 2026-05-29: the four instalments due and unpaid,
    // 12,000.00, plus contract interest since the last due date 2026-05-15 on the principal not
    // yet due (all of it, interest only): 14 days × 100.00 = 1,400.00; no principal is overdue,
    // so no penalty: 13,400.00.
    // proceeds 455,555.55 − costs 15,500.00 = 440,055.55 left; − 13,400.00 → 426,655.55 left;
    // R = min(426,655.55, principal 1,000,000.00) = 426,655.55, shared as the loss was borne:
    //   fund    = 42,665,555 fen × 432,000.00 / 1,000,000.00 = 18,431,519.76 fen → 184,315.20
    //   insurer = 42,665,555 fen × 128,000.00 / 1,000,000.00 =  5,461,191.04 fen →  54,611.91
    //   bank    = 426,655.55 − 184,315.20 − 54,611.91 = 187,728.44
    // pledgor 0.00; unrecovered = (13,400.00 − 13,400.00) + (1,000,000.00 − 426,655.55) = 573,344.45.
    const closed = await expectCaseStatus(system, caseNumber, 'CLOSED');
    expect(closed.settlement).toMatchObject({
      settledOn: '2026-05-29',
      proceeds: '455555.55',
      interestDue: '13400.00',
      principalDue: '1000000.00',
      fundPaid: '432000.00',
      insurerPaid: '128000.00',
      costs: '15500.00',
      bankInterest: '13400.00',
      bankPrincipal: '187728.44',
      fund: '184315.20',
      insurer: '54611.91',
      pledgor: '0.00',
      unrecovered: '573344.45',
      interestBasis: {
        asOf: '2026-05-29',
        contractRate: '0.036',
        penaltyRate: '0.054',
        scheduled: '12000.00',
        contract: '1400.00',
        penalty: '0.00',
        total: '13400.00',
      },
    });
    expect(closed.closure).toMatchObject({
      kind: 'CLOSED',
      on: '2026-05-29',
      writeOff: { amount: '573344.45' },
    });

    // --- pledge released as realised, asset transferred, fund recovered ----------------------
    const asset = await (await system.as(USERS.clerk)).get(`/api/v1/assets/${patent}`);
    expectOk(asset, 200);
    expect(asset.body.owners).toEqual([bidderB]);
    const fundAfter = await fundBalance();
    // The fund's recovery flows back into its pool: total + 184,315.20.
    expect(toFen(fundAfter.total) - toFen(fundAfterPayment.total)).toBe(18_431_520n);
    expect(fundAfter.paid).toBe(fundAfterPayment.paid);

    await withDb(system, async (db) => {
      const pledges = await db.query(
        `SELECT asset_number, status, release_ground, to_char(released_on, 'YYYY-MM-DD') AS released_on
           FROM pledge WHERE case_number = $1`,
        [caseNumber],
      );
      expect(pledges.rows).toEqual([
        {
          asset_number: patent,
          status: 'RELEASED',
          release_ground: 'PLEDGE_REALISED',
          released_on: '2026-05-29',
        },
      ]);
      const transfers = await db.query(
        `SELECT transfer_number, asset_number, from_owners, to_owner, ground FROM asset_transfer WHERE case_number = $1`,
        [caseNumber],
      );
      expect(transfers.rows).toEqual([
        {
          transfer_number: `ZR-${ref}`,
          asset_number: patent,
          from_owners: [request.enterprise.uscc],
          to_owner: bidderB,
          ground: 'PLEDGE_REALISED',
        },
      ]);
      const distribution = await db.query(
        `SELECT costs::text, bank_interest::text, bank_principal::text, fund::text, insurer::text,
                pledgor::text, unrecovered::text FROM disposal_distribution WHERE case_number = $1`,
        [caseNumber],
      );
      expect(distribution.rows).toEqual([
        {
          costs: '15500.00',
          bank_interest: '13400.00',
          bank_principal: '187728.44',
          fund: '184315.20',
          insurer: '54611.91',
          pledgor: '0.00',
          unrecovered: '573344.45',
        },
      ]);
      const writeOffs = await db.query(
        `SELECT amount::text, reason FROM loan_write_off WHERE case_number = $1`,
        [caseNumber],
      );
      expect(writeOffs.rows).toEqual([
        { amount: '573344.45', reason: expect.stringContaining('455555.55') },
      ]);
      // The deposit is paid out for good after the write-off; the fund paid exactly once.
      const payments = await db.query(
        `SELECT payer, amount_fen::text, deposit_fen::text, to_char(deposit_released_on, 'YYYY-MM-DD') AS released
           FROM compensation_payment WHERE case_number = $1 ORDER BY payer`,
        [caseNumber],
      );
      expect(payments.rows).toEqual([
        { payer: 'FUND', amount_fen: '43200000', deposit_fen: '34560000', released: '2026-05-29' },
        { payer: 'INSURER', amount_fen: '12800000', deposit_fen: '0', released: null },
      ]);
      // Every bid with bidder, amount and instant, as the disposal file will read them.
      const bids = await db.query(
        `SELECT seq, round, bidder, amount::text, at_or_above_start, bid_at IS NOT NULL AS timed
           FROM disposal_bid WHERE case_number = $1 ORDER BY seq`,
        [caseNumber],
      );
      expect(bids.rows).toEqual([
        {
          seq: 1,
          round: 1,
          bidder: bidderA,
          amount: '500000.00',
          at_or_above_start: false,
          timed: true,
        },
        {
          seq: 2,
          round: 2,
          bidder: bidderA,
          amount: '450000.00',
          at_or_above_start: true,
          timed: true,
        },
        {
          seq: 3,
          round: 2,
          bidder: bidderB,
          amount: '455555.55',
          at_or_above_start: true,
          timed: true,
        },
        {
          seq: 4,
          round: 2,
          bidder: bidderC,
          amount: '455555.55',
          at_or_above_start: true,
          timed: true,
        },
      ]);
    });

    // Every step of the case after the default, in order, with who took it.
    const entries = await timeline(caseNumber);
    const afterDefault = entries.slice(entries.findIndex((e) => e.event === 'AUTO_DEFAULT'));
    expect(afterDefault.map((e) => [e.event, e.actorUserId, e.toStatus])).toEqual([
      ['AUTO_DEFAULT', null, 'DEFAULTED'],
      ['OPEN_COMPENSATION', null, 'COMPENSATION'],
      ['CONFIRM_INSURANCE_CLAIM', INSURER, 'COMPENSATION'],
      ['PAY_INSURANCE_CLAIM', INSURER_PAYER, 'COMPENSATION'],
      ['REVIEW_FUND_CLAIM', FUND_MANAGER, 'COMPENSATION'],
      ['PAY_FUND_CLAIM', FUND_PAYER, 'COMPENSATION'],
      ['START_DISPOSAL', USERS.officer, 'DISPOSAL'],
      ['RECORD_DISPOSAL_OUTCOME', USERS.officer, 'DISPOSAL'],
      ['SETTLE', null, 'SETTLED'],
      ['RELEASE_SETTLED_PLEDGE', null, 'SETTLED'],
      ['CLOSE', null, 'CLOSED'],
    ]);
    const disposalFile = await disposal(caseNumber);
    expect((disposalFile.timeline as Json[]).map((e) => [e.event, e.actorUserId])).toEqual([
      ['START', USERS.officer],
      ['SUBMIT_VALUATION', USERS.evaluator],
      ['CHOOSE_METHOD', USERS.officer],
      ['OPEN_ROUND', OPERATOR],
      ['REGISTER_BIDDER', OPERATOR],
      ['RECORD_DEPOSIT', OPERATOR],
      ['REGISTER_BIDDER', OPERATOR],
      ['RECORD_DEPOSIT', OPERATOR],
      ['REGISTER_BIDDER', OPERATOR],
      ['RECORD_DEPOSIT', OPERATOR],
      ['RECORD_BID', OPERATOR],
      ['CLOSE_ROUND', null],
      ['OPEN_ROUND', OPERATOR],
      ['RECORD_BID', OPERATOR],
      ['RECORD_BID', OPERATOR],
      ['RECORD_BID', OPERATOR],
      ['CLOSE_ROUND', null],
      ['COMPLETE_SALE', USERS.officer],
      ['REGISTER_TRANSFER', USERS.clerk],
    ]);

    // The audit log holds every disposal step and both compensation payments, and verifies.
    const admin = await system.as(USERS.admin);
    const auditOf = async (subjectType: string): Promise<Json[]> =>
      (
        await admin
          .get(`/api/v1/audit/entries?subjectType=${subjectType}&subjectId=${caseNumber}`)
          .expect(200)
      ).body.items;
    expect(
      (await auditOf('DISPOSAL')).map((e) => [e.payload.event, e.actor?.username ?? null]),
    ).toEqual((disposalFile.timeline as Json[]).map((e) => [e.event, e.actorUserId]));
    const payments = (await auditOf('CASE')).filter((e) => e.action === 'COMPENSATION_PAID');
    expect(payments.map((e) => [e.actor.username, e.payload.amount])).toEqual([
      [INSURER_PAYER, '128000.00'],
      [FUND_PAYER, '432000.00'],
    ]);
    expect((await admin.get('/api/v1/audit/verify').expect(200)).body.ok).toBe(true);

    // Golden histories of a defaulted loan and its disposal, replayed by replay.int-spec.ts.
    const address = system.env.TEMPORAL_ADDRESS!;
    const cli = testEnv().temporalCli;
    await recordHistoriesIfAsked(address, cli, loanCaseWorkflowId(caseNumber), 'loan-default');
    await recordHistoriesIfAsked(address, cli, disposalWorkflowId(caseNumber), 'disposal');
  });

  // --- helpers ----------------------------------------------------------------------------

  const timeline = (caseNumber: string) => caseTimeline(system, caseNumber);
  const disposal = (caseNumber: string) => getDisposal(system, caseNumber);
  const fundBalance = () => balance(system);
  const disposalStep = (caseNumber: string, path: string, body: object, who?: string) =>
    step(system, caseNumber, path, body, who);
});
