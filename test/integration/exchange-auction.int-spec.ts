import {
  act,
  advanceTo,
  attempt,
  businessDate,
  expectCaseStatus,
  expectOk,
  expectProblem,
  fromFen,
  getCase,
  newUscc,
  toFen,
  USERS,
  withDb,
  type Json,
} from '../support/case-flows';
import {
  deposit,
  disposalStep,
  getDisposal,
  openInterestOnlyLoan,
  OPERATOR,
  OPERATOR2,
  payCompensationClaims,
} from '../support/disposal-flows';
import { startTestSystem, type TestSystem } from '../support/test-system';
import { BANK_USCCS } from '../../libs/persistence/src/seed/seed';

jest.setTimeout(240_000);

/** a × b / c to the fen, half up (all non-negative fen). */
function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  return c === 0n ? 0n : (2n * a * b + c) / (2n * c);
}
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * The waterfall worked out here, apart from the engine: costs, then the bank's interest, then
 * the principal recovered, shared by the fund and the insurer in proportion to what each paid
 * over max(principal, fund + insurer paid), the bank the rest; the pledgor gets any surplus;
 * what the proceeds did not cover is unrecovered. Inputs and result in fen.
 */
function expectedWaterfall(input: {
  proceeds: bigint;
  costs: bigint;
  interestDue: bigint;
  principalDue: bigint;
  fundPaid: bigint;
  insurerPaid: bigint;
}) {
  const costs = min(input.proceeds, input.costs);
  let left = input.proceeds - costs;
  const bankInterest = min(left, input.interestDue);
  left -= bankInterest;
  const recovered = min(left, input.principalDue);
  left -= recovered;
  const base = max(input.principalDue, input.fundPaid + input.insurerPaid);
  const fund = mulDivHalfUp(recovered, input.fundPaid, base);
  const insurer = min(mulDivHalfUp(recovered, input.insurerPaid, base), recovered - fund);
  return {
    costs,
    bankInterest,
    bankPrincipal: recovered - fund - insurer,
    fund,
    insurer,
    pledgor: left,
    unrecovered: input.interestDue - bankInterest + (input.principalDue - recovered),
  };
}

/**
 * Acceptance: a defaulted loan disposed of by auction at the exchange. The exchange's operators
 * run two rounds (the first unsold, the second sold), register the bidders with their deposits
 * and refuse the pledgor, its legal representative and the lending bank as bidders; the case
 * settles when the sale completes; the registration office's clerk registers the transfer, and
 * only then does the buyer own the patent. SHCB-IP-STD: floor 70 %, cuts of at most 20 %, five
 * working-day rounds, two rounds; the fund and the insurer pay their shares of the loss first.
 */
describe('exchange auction: checked bidders, two rounds, the transfer registered by the clerk', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system.close();
  });

  it('sells at the second round to a bidder with a deposit, settles, and moves the owner at registration', async () => {
    const today = await businessDate(system);
    expect(today).toBe('2026-01-15');
    // 1,000,000.00 over 12 months at 3.6 %, equal principal (83,333.33 a month), so that
    // principal is overdue when the asset is sold; the report lapses on 2026-04-30.
    const { caseNumber, request, patent, active } = await openInterestOnlyLoan(system, {
      on: today,
      valuationValidUntil: '2026-04-30',
      title: 'exchange auction: harmonic reducer',
      repaymentMethod: 'EQUAL_PRINCIPAL',
    });
    const ref = request.bankReference;
    const pledgor = request.enterprise.uscc;

    // Never repaid: the first instalment fell due on 2026-02-15; 90 days past due on 2026-05-16
    // is the product's automatic default.
    for (const date of ['2026-02-16', '2026-03-18', '2026-04-17', '2026-05-16'])
      await advanceTo(system, date);
    expect((await getCase(system, caseNumber)).status).toBe('COMPENSATION');
    const { insurerPaid, fundPaid } = await payCompensationClaims(system, caseNumber, ref);
    const paidBy = (view: Json, payer: string): string =>
      (view.compensationClaims as Json[]).find((c) => c.payer === payer)!.payment.amount;

    // --- the disposal: a refreshed valuation, rounds at the exchange ----------------------
    await act(system, caseNumber, '/disposal');
    await disposalStep(
      system,
      caseNumber,
      '/valuation',
      {
        reportNumber: `VR2-${ref}`,
        method: 'MARKET',
        baseDate: '2026-05-16',
        assets: [{ number: patent, value: '800000.00' }],
      },
      USERS.evaluator,
    );
    await disposalStep(system, caseNumber, '/method', { method: 'AUCTION' });
    // Round 1 at the floor: 800,000.00 × 0.7 = 560,000.00.
    const round1 = await disposalStep(system, caseNumber, '/rounds', {
      startingPrice: '560000.00',
    });
    expect(round1.rounds[0]).toMatchObject({ round: 1, minimumPrice: '560000.00' });

    // The parties to the pledge may not bid: each refused with its own code, nothing stored.
    const legalRep = await withDb(system, async (db) => {
      const rows = await db.query(`SELECT legal_rep_id_number FROM enterprise WHERE uscc = $1`, [
        pledgor,
      ]);
      return rows.rows[0].legal_rep_id_number as string;
    });
    for (const [kind, identity, code] of [
      ['FIRM', pledgor, 'BIDDER_IS_PLEDGOR'],
      ['PERSON', legalRep, 'BIDDER_IS_LEGAL_REPRESENTATIVE'],
      ['FIRM', BANK_USCCS['BANK-SHCB']!, 'BIDDER_IS_LENDING_BANK'],
    ] as const) {
      const problem = expectProblem(
        await attempt(
          system,
          caseNumber,
          '/disposal/bidders',
          { kind, identity, name: '出质方', deposit: deposit('2026-05-16', `DEP-X-${code}`) },
          OPERATOR,
        ),
        422,
        code,
      );
      expect(problem.detailZh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await getDisposal(system, caseNumber)).bidders).toEqual([]);

    // Bidder A registers with its deposit; bidder B registers, is refused a bid until the
    // other operator records its deposit.
    const [firmA, firmB] = [newUscc(), newUscc()];
    const withA = await act(
      system,
      caseNumber,
      '/disposal/bidders',
      { kind: 'FIRM', identity: firmA, name: '竞买人甲', deposit: deposit('2026-05-16', 'DEP-A') },
      OPERATOR,
    );
    const withB = await act(
      system,
      caseNumber,
      '/disposal/bidders',
      { kind: 'FIRM', identity: firmB, name: '竞买人乙' },
      OPERATOR2,
    );
    const [bidderA, bidderB] = (withB.bidders as Json[]).map((b) => b.id as string);
    expect(withA.bidders).toHaveLength(1);
    expectProblem(
      await attempt(
        system,
        caseNumber,
        '/disposal/bids',
        { bidderId: bidderB, amount: '500000.00' },
        OPERATOR,
      ),
      422,
      'BIDDER_DEPOSIT_MISSING',
    );
    await act(
      system,
      caseNumber,
      '/disposal/deposits',
      { bidderId: bidderB, ...deposit('2026-05-16', 'DEP-B') },
      OPERATOR2,
    );
    // One bid, below the start: round 1 closes unsold at its end.
    await act(
      system,
      caseNumber,
      '/disposal/bids',
      { bidderId: bidderA, amount: '520000.00' },
      OPERATOR,
    );
    await advanceTo(system, round1.rounds[0].closesOn);
    expect(await getDisposal(system, caseNumber)).toMatchObject({
      status: 'AUCTION',
      rounds: [{ round: 1, outcome: 'UNSOLD' }],
    });

    // Round 2 at most 20 % lower: from 560,000.00 × 0.8 = 448,000.00; it starts at 450,000.00.
    const round2 = await disposalStep(system, caseNumber, '/rounds', {
      startingPrice: '450000.00',
    });
    expect(round2.rounds[1]).toMatchObject({ round: 2, minimumPrice: '448000.00' });
    await act(
      system,
      caseNumber,
      '/disposal/bids',
      { bidderId: bidderA, amount: '465000.00' },
      OPERATOR,
    );
    await act(
      system,
      caseNumber,
      '/disposal/bids',
      { bidderId: bidderB, amount: '470000.00' },
      OPERATOR2,
    );
    const saleDate = round2.rounds[1].closesOn as string;
    await advanceTo(system, saleDate);
    const sold = await getDisposal(system, caseNumber);
    expect(sold).toMatchObject({
      status: 'SALE_AGREED',
      sale: { method: 'AUCTION', buyer: firmB, price: '470000.00', round: 2 },
    });

    // --- completion: the case settles; the transfer waits for the registration office ------
    const completed = await disposalStep(system, caseNumber, '/sale/complete', {
      costs: '15500.00',
    });
    expect(completed).toMatchObject({ status: 'TRANSFER_PENDING', transfer: { buyer: firmB } });
    const closed = await expectCaseStatus(system, caseNumber, 'CLOSED');
    const s = closed.settlement as Json;

    // The settlement's inputs, each checked against where it comes from …
    expect(s.settledOn).toBe(saleDate);
    expect(s.proceeds).toBe('470000.00');
    expect(s.costs).toBe('15500.00');
    expect(s.principalDue).toBe('1000000.00');
    expect(s.fundPaid).toBe(paidBy(fundPaid, 'FUND'));
    expect(s.insurerPaid).toBe(paidBy(insurerPaid, 'INSURER'));
    // The bank's interest to the settlement date S, actual/360, each line half up: the
    // scheduled interest of every instalment due by S (nothing was paid); the contract rate
    // 3.6 % from the last due date L to S on the principal not yet due; the penalty rate
    // 1.5 × 3.6 % = 5.4 % from its due date to S on overdue principal (none: interest only).
    const schedule = active.schedule as Json[];
    const days = (from: string, to: string) =>
      BigInt((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
    const due = schedule.filter((row) => (row.dueDate as string) <= saleDate);
    const scheduled = due.reduce((sum, row) => sum + toFen(row.interest as string), 0n);
    const lastDue = due[due.length - 1]!.dueDate as string;
    const notYetDue = schedule
      .filter((row) => (row.dueDate as string) > saleDate)
      .reduce((sum, row) => sum + toFen(row.principal as string), 0n);
    const contract = mulDivHalfUp(notYetDue, 36n * days(lastDue, saleDate), 360n * 1000n);
    const penalty = due
      .filter((row) => (row.dueDate as string) < saleDate)
      .reduce(
        (sum, row) =>
          sum +
          mulDivHalfUp(
            toFen(row.principal as string),
            54n * days(row.dueDate as string, saleDate),
            360n * 1000n,
          ),
        0n,
      );
    // Scheduled, unpaid: 3,100.00 (1,000,000.00 × 31 days) + 2,566.67 (916,666.67 × 28)
    // + 2,583.33 (833,333.34 × 31) + 2,250.00 (750,000.01 × 30), at 3.6 % / 360 = 10,500.00.
    // Contract, on the 666,666.68 not yet due, 14 days (2026-05-15 → 05-29): 933.33.
    // Penalty (罚息) at 1.5 × 3.6 % = 5.4 % on each overdue 83,333.33 from its due date to
    // 05-29: 103 days 1,287.50 + 75 days 937.50 + 44 days 550.00 + 14 days 175.00 = 2,950.00.
    expect([scheduled, contract, penalty]).toEqual([1_050_000n, 93_333n, 295_000n]);
    expect(s.interestBasis).toMatchObject({
      asOf: saleDate,
      contractRate: '0.036',
      scheduled: fromFen(scheduled),
      contract: fromFen(contract),
      penalty: fromFen(penalty),
    });
    expect(toFen(s.interestDue)).toBe(scheduled + contract + penalty);

    // … and every figure of the waterfall worked out here from those inputs.
    const expected = expectedWaterfall({
      proceeds: toFen(s.proceeds),
      costs: toFen(s.costs),
      interestDue: toFen(s.interestDue),
      principalDue: toFen(s.principalDue),
      fundPaid: toFen(s.fundPaid),
      insurerPaid: toFen(s.insurerPaid),
    });
    const actual = {
      costs: s.costs,
      bankInterest: s.bankInterest,
      bankPrincipal: s.bankPrincipal,
      fund: s.fund,
      insurer: s.insurer,
      pledgor: s.pledgor,
      unrecovered: s.unrecovered,
    };
    expect(actual).toEqual(
      Object.fromEntries(Object.entries(expected).map(([k, fen]) => [k, fromFen(fen)])),
    );
    // The parts add up to the proceeds.
    expect(
      expected.costs +
        expected.bankInterest +
        expected.bankPrincipal +
        expected.fund +
        expected.insurer +
        expected.pledgor,
    ).toBe(toFen(s.proceeds));
    expect(closed.closure).toMatchObject({ writeOff: { amount: fromFen(expected.unrecovered) } });

    // The register still names the pledgor and shows the pending transfer.
    const assetView = async () => {
      const res = await (await system.as(USERS.clerk)).get(`/api/v1/assets/${patent}`);
      expectOk(res, 200);
      return res.body as Json;
    };
    expect(await assetView()).toMatchObject({
      owners: [pledgor],
      pendingTransfer: { toOwner: firmB, requestedOn: saleDate },
    });

    // --- the clerk registers the transfer on the next working day --------------------------
    const registeredOn = '2026-06-01';
    await advanceTo(system, registeredOn);
    const registered = await act(
      system,
      caseNumber,
      '/disposal/transfer-registration',
      { registrationNumber: `ZR-${ref}`, registeredOn },
      USERS.clerk,
    );
    expect(registered).toMatchObject({
      status: 'COMPLETED',
      transfer: { registrationNumber: `ZR-${ref}`, registeredOn, registeredBy: USERS.clerk },
    });
    expect(await assetView()).toMatchObject({ owners: [firmB], pendingTransfer: null });

    await withDb(system, async (db) => {
      const bids = await db.query(
        `SELECT round, bidder_id, bidder, amount::text, recorded_by FROM disposal_bid
          WHERE case_number = $1 ORDER BY seq`,
        [caseNumber],
      );
      expect(bids.rows).toEqual([
        { round: 1, bidder_id: bidderA, bidder: firmA, amount: '520000.00', recorded_by: OPERATOR },
        { round: 2, bidder_id: bidderA, bidder: firmA, amount: '465000.00', recorded_by: OPERATOR },
        {
          round: 2,
          bidder_id: bidderB,
          bidder: firmB,
          amount: '470000.00',
          recorded_by: OPERATOR2,
        },
      ]);
      const deposits = await db.query(
        `SELECT bidder_id, reference, recorded_by FROM disposal_bidder_deposit
          WHERE case_number = $1 ORDER BY bidder_id`,
        [caseNumber],
      );
      expect(deposits.rows).toEqual([
        { bidder_id: bidderA, reference: 'DEP-A', recorded_by: OPERATOR },
        { bidder_id: bidderB, reference: 'DEP-B', recorded_by: OPERATOR2 },
      ]);
      const transfers = await db.query(
        `SELECT transfer_number, from_owners, to_owner, to_char(registered_on, 'YYYY-MM-DD') AS on
           FROM asset_transfer WHERE case_number = $1`,
        [caseNumber],
      );
      expect(transfers.rows).toEqual([
        { transfer_number: `ZR-${ref}`, from_owners: [pledgor], to_owner: firmB, on: registeredOn },
      ]);
      const distribution = await db.query(
        `SELECT bank_principal::text, fund::text, insurer::text, unrecovered::text
           FROM disposal_distribution WHERE case_number = $1`,
        [caseNumber],
      );
      expect(distribution.rows).toEqual([
        {
          bank_principal: fromFen(expected.bankPrincipal),
          fund: fromFen(expected.fund),
          insurer: fromFen(expected.insurer),
          unrecovered: fromFen(expected.unrecovered),
        },
      ]);
    });

    // The disposal's timeline: who did each step, the clerk last.
    const timeline = ((await getDisposal(system, caseNumber)).timeline as Json[]).map((e) => [
      e.event,
      e.actorUserId,
    ]);
    expect(timeline.slice(-2)).toEqual([
      ['COMPLETE_SALE', USERS.officer],
      ['REGISTER_TRANSFER', USERS.clerk],
    ]);
  });
});
