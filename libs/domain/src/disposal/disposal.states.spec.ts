import { DomainError } from '../errors';
import {
  checkBid,
  checkCompletionCosts,
  checkDisposalMethod,
  checkDisposalPerformer,
  checkDisposalSource,
  checkOpenRound,
  checkPrivateSale,
  checkDisposalReason,
  checkSaleApproved,
  checkDisposalValuationReport,
  DISPOSAL_STATUSES,
  DISPOSAL_TRANSITIONS,
  disposalTarget,
  disposalTransitionsAllowed,
  FINAL_DISPOSAL_STATUSES,
  initialDisposalStatus,
  LIVE_DISPOSAL_STATUSES,
  disposalValuationTotals,
  checkBelowFloorGround,
  checkBidder,
  checkBidderAdmissible,
  checkDeposit,
  checkTransferRegistration,
  checkWriteOffApprover,
  normaliseBidder,
  type DisposalBidder,
  type DisposalPerformer,
  type DisposalSnapshot,
  type DisposalStatus,
  type DisposalTransition,
} from '.';

/** The code of what `fn` threw; fails the test if it did not throw a DomainError. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

const PARTIES = { bankOrgId: 'BANK-A', valuationFirmOrgId: 'VAL-A' };
const officer: DisposalPerformer = { role: 'LOAN_OFFICER', organisationId: 'BANK-A' };
const operator: DisposalPerformer = { role: 'EXCHANGE_OPERATOR', organisationId: 'EXCH-A' };

function snapshot(over: Partial<DisposalSnapshot> = {}): DisposalSnapshot {
  return {
    caseNumber: 'C-1',
    workflowId: 'disposal-C-1',
    bankOrgId: 'BANK-A',
    status: 'AUCTION',
    version: 3,
    businessDate: '2026-06-01',
    startedOn: '2026-06-01',
    startedBy: 'officer',
    rules: { floorRatio: '0.7', maxStepCut: '0.2', roundBusinessDays: 5, maxRounds: 2 },
    valuation: {
      reportNumber: 'VR-1',
      totalValue: '5000000.00',
      baseDate: '2026-01-01',
      validUntil: '2026-12-31',
      source: 'CASE',
      submittedBy: null,
    },
    floor: '3500000.00',
    method: 'AUCTION',
    rounds: [],
    bids: [],
    sale: null,
    completion: null,
    writeOff: null,
    run: 1,
    ...over,
  };
}

const openRound = {
  round: 1,
  method: 'AUCTION' as const,
  startingPrice: '3500000.00',
  minimumPrice: '3500000.00',
  openedOn: '2026-06-01',
  closesOn: '2026-06-06',
  openedBy: 'officer',
  openedAt: '2026-06-01T01:00:00.000Z',
  outcome: 'OPEN' as const,
  closedOn: null,
  winningBidSeq: null,
};

describe('the disposal transition table', () => {
  const rows = Object.entries(DISPOSAL_TRANSITIONS) as [
    DisposalTransition,
    (typeof DISPOSAL_TRANSITIONS)[DisposalTransition],
  ][];

  it('starts from no state, in one of the two first states', () => {
    expect(initialDisposalStatus(true)).toBe('AWAITING_METHOD');
    expect(initialDisposalStatus(false)).toBe('AWAITING_VALUATION');
    for (const [name, rule] of rows) if (name.startsWith('START_')) expect(rule.from).toEqual([]);
  });

  it('leaves no final state and reaches every state', () => {
    for (const [, rule] of rows)
      for (const from of rule.from) expect(FINAL_DISPOSAL_STATUSES).not.toContain(from);
    const reached = new Set(rows.map(([, rule]) => rule.to).filter((to) => to !== null));
    expect([...reached].sort()).toEqual([...DISPOSAL_STATUSES].sort());
  });

  it('keeps live and final states apart', () => {
    expect([...LIVE_DISPOSAL_STATUSES, ...FINAL_DISPOSAL_STATUSES].sort()).toEqual(
      [...DISPOSAL_STATUSES].sort(),
    );
  });

  it.each<[DisposalStatus, DisposalTransition, DisposalStatus]>([
    ['AUCTION', 'CLOSE_ROUND_SOLD', 'SALE_AGREED'],
    ['AUCTION', 'CLOSE_ROUND_UNSOLD', 'AUCTION'],
    ['AUCTION', 'CLOSE_ROUND_FAILED', 'AUCTION_FAILED'],
    // A bid keeps the state (the row's target is null).
    ['AUCTION', 'RECORD_BID', 'AUCTION'],
    // After every round failed, the bank may still open one (refused by the round count).
    ['AUCTION_FAILED', 'OPEN_ROUND', 'AUCTION'],
    ['AWAITING_APPROVAL', 'PROPOSE_SALE', 'SALE_AGREED'],
    ['NEGOTIATION', 'PROPOSE_SALE_BELOW_FLOOR', 'AWAITING_APPROVAL'],
  ])('from %s, %s leads to %s', (from, transition, to) => {
    expect(disposalTarget(from, transition)).toBe(to);
  });

  it('refuses a move the table does not have', () => {
    expect(codeOf(() => disposalTarget('SALE_AGREED', 'WRITE_OFF'))).toBe('INVALID_TRANSITION');
  });
});

describe('step checks', () => {
  it('checks the role before the organisation, then the state', () => {
    const evaluator: DisposalPerformer = { role: 'EVALUATOR', organisationId: 'VAL-A' };
    expect(codeOf(() => checkDisposalPerformer(evaluator, ['OPEN_ROUND'], PARTIES, 'C-1'))).toBe(
      'ROLE_FORBIDDEN',
    );
    const stranger: DisposalPerformer = { role: 'LOAN_OFFICER', organisationId: 'BANK-B' };
    expect(codeOf(() => checkDisposalPerformer(stranger, ['WRITE_OFF'], PARTIES, 'C-1'))).toBe(
      'ORGANISATION_FORBIDDEN',
    );
    expect(() =>
      checkDisposalPerformer(evaluator, ['SUBMIT_VALUATION'], PARTIES, 'C-1'),
    ).not.toThrow();
    // Administrators act for the municipal office on any case.
    const admin: DisposalPerformer = { role: 'ADMINISTRATOR', organisationId: 'MUNICIPAL' };
    expect(() => checkDisposalPerformer(admin, ['APPROVE_SALE'], PARTIES, 'C-1')).not.toThrow();
    expect(codeOf(() => checkDisposalSource('SALE_AGREED', ['WRITE_OFF']))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('names the roles of every row of a step in a refusal', () => {
    const insurer: DisposalPerformer = { role: 'INSURER', organisationId: 'INS' };
    expect(() => checkDisposalPerformer(insurer, ['WRITE_OFF'], PARTIES, 'C-1')).toThrow(
      'This disposal step must be performed by LOAN_OFFICER or CREDIT_APPROVER, not INSURER',
    );
  });

  it('checks payloads with their codes', () => {
    expect(codeOf(() => checkDisposalReason({ reason: '  ' }))).toBe('REASON_REQUIRED');
    expect(codeOf(() => checkDisposalMethod('BARTER' as never))).toBe('INVALID_DISPOSAL_METHOD');
    expect(codeOf(() => checkPrivateSale({ method: 'AUCTION', buyer: 'B', price: '1.00' }))).toBe(
      'INVALID_DISPOSAL_METHOD',
    );
    expect(codeOf(() => checkPrivateSale({ method: 'LICENSING', buyer: ' ', price: '1.00' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(codeOf(() => checkPrivateSale({ method: 'LICENSING', buyer: 'B', price: '0.00' }))).toBe(
      'INVALID_AMOUNT',
    );
    expect(codeOf(() => checkCompletionCosts('-0.01'))).toBe('INVALID_AMOUNT');
    expect(() => checkCompletionCosts('0.00')).not.toThrow();
  });

  it('checks a refreshed valuation report', () => {
    const report = {
      businessDate: '2026-06-01',
      baseDate: '2026-06-01',
      validUntil: null,
      assets: [{ number: 'P1', value: '100.00' }],
    };
    const pledged = [{ number: 'P1' }];
    expect(() => checkDisposalValuationReport(report, pledged)).not.toThrow();
    expect(
      codeOf(() => checkDisposalValuationReport({ ...report, baseDate: '2026-06-02' }, pledged)),
    ).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkDisposalValuationReport(report, [{ number: 'P2' }]))).toBe(
      'VALUATION_ASSETS_MISMATCH',
    );
    expect(
      codeOf(() =>
        checkDisposalValuationReport(
          { ...report, assets: [{ number: 'P1', value: '0.00' }] },
          pledged,
        ),
      ),
    ).toBe('INVALID_AMOUNT');
  });

  it('adds up a report: total and the most that could be lent, per asset kind', () => {
    const { total, maxLoan } = disposalValuationTotals(
      [
        { number: 'P1', value: '1000.00' },
        { number: 'T1', value: '333.33' },
      ],
      [
        { kind: 'INVENTION_PATENT', number: 'P1' },
        { kind: 'TRADEMARK', number: 'T1' },
      ],
      {
        INVENTION_PATENT: '0.5',
        UTILITY_MODEL_PATENT: '0.4',
        DESIGN_PATENT: '0.3',
        TRADEMARK: '0.3',
        SOFTWARE_COPYRIGHT: '0.3',
      },
    );
    // 500.00 + round(99.999) = 500.00 + 100.00
    expect([total.toYuan(), maxLoan.toYuan()]).toEqual(['1333.33', '600.00']);
  });

  it('opens a round only when none takes bids, at a start within the rules', () => {
    const open = snapshot({ rounds: [openRound] });
    expect(
      codeOf(() => checkOpenRound(open, { businessDate: '2026-06-05', startingPrice: '1.00' })),
    ).toBe('ROUND_STILL_OPEN');
    expect(
      codeOf(() =>
        checkOpenRound(snapshot(), { businessDate: '2026-06-01', startingPrice: '3499999.99' }),
      ),
    ).toBe('STARTING_PRICE_BELOW_FLOOR');
    // On its closing date the round no longer takes bids: the next may be proposed.
    expect(
      codeOf(() =>
        checkOpenRound(open, { businessDate: '2026-06-06', startingPrice: '2799999.99' }),
      ),
    ).toBe('PRICE_CUT_TOO_LARGE');
  });

  it('takes bids only while a round is open on the bid date', () => {
    const open = snapshot({ rounds: [openRound] });
    const bid = { bidder: 'B', amount: '1.00' };
    expect(() => checkBid(open, { ...bid, businessDate: '2026-06-05' })).not.toThrow();
    expect(codeOf(() => checkBid(open, { ...bid, businessDate: '2026-06-06' }))).toBe(
      'NO_OPEN_ROUND',
    );
    expect(codeOf(() => checkBid(open, { ...bid, bidder: '', businessDate: '2026-06-05' }))).toBe(
      'BIDDER_NOT_REGISTERED',
    );
  });

  it('refuses completing a sale that waits for approval', () => {
    const waiting = snapshot({
      status: 'AWAITING_APPROVAL',
      sale: {
        method: 'LICENSING',
        buyer: 'B',
        price: '100.00',
        round: null,
        agreedOn: '2026-06-01',
        proposedBy: 'officer',
        belowFloor: true,
        approval: null,
      },
    });
    expect(codeOf(() => checkSaleApproved(waiting))).toBe('ADMINISTRATOR_APPROVAL_REQUIRED');
    expect(() => checkSaleApproved(snapshot({ status: 'SALE_AGREED' }))).not.toThrow();
  });
});

describe('allowed actions, generated from the table', () => {
  it.each<[string, Partial<DisposalSnapshot>, DisposalPerformer, DisposalTransition[]]>([
    [
      'choosing the method',
      { status: 'AWAITING_METHOD' },
      officer,
      ['CHOOSE_ROUND_METHOD', 'CHOOSE_PRIVATE_METHOD', 'PROPOSE_WRITE_OFF'],
    ],
    // The exchange runs the rounds and registers bidders; the bank may only propose to give up.
    ['between rounds, the bank', { status: 'AUCTION' }, officer, ['PROPOSE_WRITE_OFF']],
    [
      'between rounds, the exchange',
      { status: 'AUCTION' },
      operator,
      ['OPEN_ROUND', 'REGISTER_BIDDER', 'RECORD_DEPOSIT'],
    ],
    [
      'a round open, the bank',
      { status: 'AUCTION', rounds: [openRound] },
      officer,
      ['PROPOSE_WRITE_OFF'],
    ],
    [
      'a round open, the exchange',
      { status: 'AUCTION', rounds: [openRound] },
      operator,
      ['RECORD_BID', 'REGISTER_BIDDER', 'RECORD_DEPOSIT'],
    ],
    // On its closing date the round takes no more bids; the exchange may close it.
    [
      'a round at its end, the exchange',
      { status: 'AUCTION', rounds: [openRound], businessDate: openRound.closesOn },
      operator,
      [
        'OPEN_ROUND',
        'CLOSE_ROUND_SOLD',
        'CLOSE_ROUND_UNSOLD',
        'CLOSE_ROUND_FAILED',
        'REGISTER_BIDDER',
        'RECORD_DEPOSIT',
      ],
    ],
    // After the last round nothing more can open; a private sale or a write-off remain.
    [
      'every round failed',
      {
        status: 'AUCTION_FAILED',
        rounds: [
          { ...openRound, outcome: 'UNSOLD' },
          { ...openRound, round: 2, outcome: 'UNSOLD' },
        ],
      },
      officer,
      ['PROPOSE_SALE', 'PROPOSE_SALE_BELOW_FLOOR', 'PROPOSE_WRITE_OFF'],
    ],
    ['another bank', { status: 'AUCTION' }, { role: 'LOAN_OFFICER', organisationId: 'BANK-B' }, []],
    [
      'the valuation firm',
      { status: 'AWAITING_VALUATION' },
      { role: 'EVALUATOR', organisationId: 'VAL-A' },
      ['SUBMIT_VALUATION'],
    ],
    // The legacy rows (a completion registering the transfer at once, a direct write-off) are
    // never offered: only replayed runs fire them.
    ['a sale agreed', { status: 'SALE_AGREED' }, officer, ['COMPLETE_SALE']],
    ['a transfer pending, the bank', { status: 'TRANSFER_PENDING' }, officer, []],
    [
      'a transfer pending, the registration office',
      { status: 'TRANSFER_PENDING' },
      { role: 'REGISTRATION_CLERK', organisationId: 'REG-A' },
      ['REGISTER_TRANSFER'],
    ],
    [
      'a write-off proposed, the administrator',
      { status: 'AWAITING_WRITE_OFF_APPROVAL' },
      { role: 'ADMINISTRATOR', organisationId: 'MUNI-A' },
      ['APPROVE_WRITE_OFF'],
    ],
    ['a write-off proposed, the bank', { status: 'AWAITING_WRITE_OFF_APPROVAL' }, officer, []],
    ['completed', { status: 'COMPLETED' }, officer, []],
  ])('%s', (_, over, performer, expected) => {
    expect(disposalTransitionsAllowed(snapshot(over), performer, PARTIES)).toEqual(expected);
  });
});

describe('market controls: bidders, deposits, approvals, the transfer', () => {
  // USCCs: 17 characters + the check character (weighted sum mod 31); resident IDs, GB 11643.
  const PLEDGOR = '91310115MA1K3YJ12G';
  const LEGAL_REP = '310115199001011021';
  const BANK_USCC = '91310000132211580J';
  const excluded = { pledgorUscc: PLEDGOR, legalRepIdNumber: LEGAL_REP, bankUscc: BANK_USCC };
  const firm = (identity: string) => ({ kind: 'FIRM' as const, identity, name: 'Buyer Co' });
  const person = (identity: string) => ({ kind: 'PERSON' as const, identity, name: '张三' });
  const bidder = (over: Partial<DisposalBidder> = {}): DisposalBidder => ({
    id: 'B1',
    kind: 'FIRM',
    identity: '91310104MA1FL8QK3L',
    name: 'Buyer Co',
    registeredOn: '2026-06-01',
    registeredBy: 'operator',
    deposit: null,
    ...over,
  });
  const deposit = {
    amount: '50000.00',
    reference: 'DEP-1',
    paidOn: '2026-06-01',
    recordedBy: 'operator',
    recordedOn: '2026-06-01',
  };

  it.each([
    // wrong length, a letter outside the alphabet (O), a wrong check character: all refused
    ['FIRM, too short', firm('9131011'), 'BIDDER_INVALID_USCC'],
    ['FIRM, letter O', firm('91310115MA1K3YJ12O'), 'BIDDER_INVALID_USCC'],
    ['FIRM, check character wrong', firm('91310115MA1K3YJ12H'), 'BIDDER_INVALID_USCC'],
    ['PERSON, check character wrong', person('310115199001011022'), 'BIDDER_INVALID_RESIDENT_ID'],
    ['PERSON, 30 February', person('310115199002301021'), 'BIDDER_INVALID_RESIDENT_ID'],
  ])('refuses an invalid identity: %s', (_, given, code) => {
    expect(codeOf(() => normaliseBidder(given))).toBe(code);
  });

  it('normalises a valid identity (lower-case x read as X) and trims the name', () => {
    expect(normaliseBidder({ ...person('31011519900101103x'), name: ' 金 ' })).toEqual({
      kind: 'PERSON',
      identity: '31011519900101103X',
      name: '金',
    });
  });

  it.each([
    ['the pledgor', firm(PLEDGOR), 'BIDDER_IS_PLEDGOR'],
    ['its legal representative', person(LEGAL_REP), 'BIDDER_IS_LEGAL_REPRESENTATIVE'],
    ['the lending bank', firm(BANK_USCC), 'BIDDER_IS_LENDING_BANK'],
    ['a second registration', firm(bidder().identity), 'BIDDER_ALREADY_REGISTERED'],
  ])('refuses %s as a bidder', (_, given, code) => {
    expect(codeOf(() => checkBidderAdmissible(given, excluded, [bidder()]))).toBe(code);
  });

  it('admits anyone else, and a legal representative unknown to the register does not match', () => {
    expect(() =>
      checkBidderAdmissible(person(LEGAL_REP), { ...excluded, legalRepIdNumber: null }, []),
    ).not.toThrow();
  });

  it('a bid names a registered bidder with its deposit', () => {
    expect(codeOf(() => checkBidder([bidder()], 'B2'))).toBe('BIDDER_NOT_REGISTERED');
    expect(codeOf(() => checkBidder([bidder()], 'B1'))).toBe('BIDDER_DEPOSIT_MISSING');
    expect(checkBidder([bidder({ deposit })], 'B1').id).toBe('B1');
  });

  it('a deposit: once, positive, with a reference, paid on or before the business date', () => {
    const step = { ...deposit, bidderId: 'B1', businessDate: '2026-06-01' };
    expect(() => checkDeposit([bidder()], step)).not.toThrow();
    expect(codeOf(() => checkDeposit([bidder({ deposit })], step))).toBe(
      'DEPOSIT_ALREADY_RECORDED',
    );
    expect(codeOf(() => checkDeposit([bidder()], { ...step, bidderId: 'B9' }))).toBe(
      'BIDDER_NOT_REGISTERED',
    );
    expect(codeOf(() => checkDeposit([bidder()], { ...step, paidOn: '2026-06-02' }))).toBe(
      'DEPOSIT_DATE_IN_FUTURE',
    );
    expect(codeOf(() => checkDeposit([bidder()], { ...step, amount: '0.00' }))).toBe(
      'INVALID_AMOUNT',
    );
  });

  it('below the floor: after a round closed unsold, or on a listed ground', () => {
    expect(codeOf(() => checkBelowFloorGround(snapshot(), null))).toBe(
      'BELOW_FLOOR_NEEDS_FAILED_ROUND_OR_GROUND',
    );
    expect(codeOf(() => checkBelowFloorGround(snapshot(), 'BANK_WISHES_IT'))).toBe(
      'UNKNOWN_BELOW_FLOOR_GROUND',
    );
    expect(() => checkBelowFloorGround(snapshot(), 'COURT_ORDER')).not.toThrow();
    const failed = snapshot({ rounds: [{ ...openRound, outcome: 'UNSOLD' }] });
    expect(() => checkBelowFloorGround(failed, null)).not.toThrow();
  });

  it('a write-off is approved by another user than its proposer', () => {
    const proposed = snapshot({
      status: 'AWAITING_WRITE_OFF_APPROVAL',
      writeOffProposal: {
        reason: 'no market',
        proposedBy: 'officer',
        proposedOn: '2026-06-01',
        approvedBy: null,
        approvedOn: null,
      },
    });
    expect(codeOf(() => checkWriteOffApprover(proposed, 'officer'))).toBe(
      'WRITE_OFF_SELF_APPROVAL',
    );
    expect(() => checkWriteOffApprover(proposed, 'admin')).not.toThrow();
  });

  it('the transfer: pending, dated from the sale completion to the business date', () => {
    const pending = snapshot({
      status: 'TRANSFER_PENDING',
      businessDate: '2026-06-10',
      transfer: {
        transferId: 'C-1-T',
        buyer: PLEDGOR,
        assetNumbers: ['P-1'],
        requestedOn: '2026-06-05',
        registrationNumber: null,
        registeredOn: null,
        registeredBy: null,
      },
    });
    const step = {
      registrationNumber: 'ZR-1',
      registeredOn: '2026-06-05',
      businessDate: '2026-06-10',
    };
    expect(() => checkTransferRegistration(pending, step)).not.toThrow();
    expect(codeOf(() => checkTransferRegistration(snapshot(), step))).toBe('NO_PENDING_TRANSFER');
    expect(
      codeOf(() => checkTransferRegistration(pending, { ...step, registeredOn: '2026-06-04' })),
    ).toBe('TRANSFER_DATE_BEFORE_SALE');
    expect(
      codeOf(() => checkTransferRegistration(pending, { ...step, registeredOn: '2026-06-11' })),
    ).toBe('TRANSFER_DATE_IN_FUTURE');
  });
});
