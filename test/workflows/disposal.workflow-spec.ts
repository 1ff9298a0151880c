/*
 * The disposal workflow's rules in seconds: the real workflow on this run's dev server, stub
 * activities in place of PostgreSQL and the case. Every row of DISPOSAL_TRANSITIONS must be
 * fired by some test here (the last test checks it), and every refusal is asserted by its code.
 *
 * Numbers used throughout: one invention patent valued at 5,000,000.00; floorRatio 0.7 → floor
 * 3,500,000.00; maxStepCut 0.2 → round 2 starts at ≥ 0.8 × round 1's start; rounds last 5
 * calendar days; at most 2 rounds.
 */
import {
  WithStartWorkflowOperation,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TemporalClientHolder } from '../../libs/common/src/temporal.module';
import {
  DISPOSAL_TIMELINE_EVENT_OF,
  DISPOSAL_TRANSITION_NAMES,
  DISPOSAL_TRANSITIONS,
  LEGACY_DISPOSAL_TRANSITIONS,
  type DisposalEvent,
  type DisposalSnapshot,
  type DisposalStatus,
  type DisposalTransition,
} from '../../libs/domain/src/disposal';
import type { Actor, Role } from '../../libs/domain/src/roles';
import { StartDisposalUseCase } from '../../activities/exchange/use-cases/start-disposal.use-case';
import {
  applyDisposalBusinessDateUpdate,
  approveSaleUpdate,
  approveWriteOffUpdate,
  chooseDisposalMethodUpdate,
  closeRoundUpdate,
  completeSaleUpdate,
  DISPOSAL_WORKFLOW,
  disposalAllowedActionsQuery,
  disposalStartedUpdate,
  getDisposalQuery,
  openRoundUpdate,
  proposeSaleUpdate,
  recordBidUpdate,
  recordDepositUpdate,
  registerBidderUpdate,
  registerTransferUpdate,
  submitDisposalValuationUpdate,
  writeOffUpdate,
  type DepositTerms,
  type DisposalInput,
} from '../../workflows/disposal/disposal.shared';
import type { disposalWorkflow } from '../../workflows/disposal/disposal.workflow';
import type { DisposalOutcome } from '../../libs/domain/src/loan-case/loan-case.types';
import { startWorkflowTestEnv, type WorkflowTestEnv } from '../support/workflow-env';

const BANK = 'BANK-TEST';
const FIRM = 'VAL-TEST';
const PATENT = 'ZL202310000001.X';

const actor = (role: Role, organisationId: string, userId = role.toLowerCase()): Actor => ({
  userId,
  username: userId,
  role,
  organisationId,
});
const OFFICER = actor('LOAN_OFFICER', BANK);
const APPROVER = actor('CREDIT_APPROVER', BANK);
const EVALUATOR = actor('EVALUATOR', FIRM);
const ADMIN = actor('ADMINISTRATOR', 'MUNICIPAL-IP-OFFICE');
const OTHER_BANK_OFFICER = actor('LOAN_OFFICER', 'BANK-OTHER', 'officer.other');
const OPERATOR = actor('EXCHANGE_OPERATOR', 'EXCH-TEST', 'operator.test');
const CLERK = actor('REGISTRATION_CLERK', 'REG-TEST', 'clerk.test');
/** An administrator who is the same user as the credit approver (four eyes by user id). */
const APPROVER_AS_ADMIN = actor('ADMINISTRATOR', 'MUNICIPAL-IP-OFFICE', APPROVER.userId);

// Valid identities (check characters per GB 32100 and GB 11643): the case's pledgor, its legal
// representative, the lending bank, and two outside firms.
const PLEDGOR_USCC = '91310115MA1K3YJ12G';
const LEGAL_REP_ID = '310115199001011021';
const BANK_USCC = '91310000132211580J';
const FIRM_A = '91310104MA1FL8QK3L';
const FIRM_B = '91310115132219871C';
/** Cases whose case workflow refuses the disposal's outcome (stubbed). */
const refusingCases = new Set<string>();
/** Transfers opened and registered at the registration office (stubbed), by case number. */
const transfers = new Map<string, { toOwner: string; registrationNumber: string | null }>();

/** Transitions fired in this file, recognised from the projected steps (label and new status). */
const fired = new Set<DisposalTransition>();
/** Outcomes handed to the case, by case number. */
const outcomes = new Map<string, DisposalOutcome>();
/** The last projected status of each disposal, to check every move against the table. */
const lastStatus = new Map<string, DisposalStatus>();

function transitionOf(event: DisposalEvent, status: DisposalStatus): DisposalTransition {
  switch (event.event) {
    case 'START':
      return status === 'AWAITING_VALUATION' ? 'START_NEEDS_VALUATION' : 'START_WITH_VALUATION';
    case 'CHOOSE_METHOD':
      return status === 'AUCTION' ? 'CHOOSE_ROUND_METHOD' : 'CHOOSE_PRIVATE_METHOD';
    case 'CLOSE_ROUND':
      return status === 'SALE_AGREED'
        ? 'CLOSE_ROUND_SOLD'
        : status === 'AUCTION_FAILED'
          ? 'CLOSE_ROUND_FAILED'
          : 'CLOSE_ROUND_UNSOLD';
    case 'PROPOSE_SALE':
      return status === 'AWAITING_APPROVAL' ? 'PROPOSE_SALE_BELOW_FLOOR' : 'PROPOSE_SALE';
    case 'COMPLETE_SALE':
      return status === 'TRANSFER_PENDING' ? 'COMPLETE_SALE' : 'COMPLETE_SALE_LEGACY';
    default:
      return event.event;
  }
}

const activities = {
  async exchangeProjectDisposal(input: {
    snapshot: DisposalSnapshot;
    event: DisposalEvent | null;
  }): Promise<void> {
    if (!input.event) return;
    const { caseNumber, status } = input.snapshot;
    const transition = transitionOf(input.event, status);
    const rule = DISPOSAL_TRANSITIONS[transition];
    if (DISPOSAL_TIMELINE_EVENT_OF[transition] !== input.event.event)
      throw ApplicationFailure.nonRetryable(`${transition} recorded as ${input.event.event}`);
    // Every recorded move must be a row of the table: from a source it lists, to its target.
    const before = lastStatus.get(caseNumber);
    if (before !== undefined && !(rule.from as readonly string[]).includes(before))
      throw ApplicationFailure.nonRetryable(`${transition} fired from ${before}`, 'TABLE_MISMATCH');
    if ((rule.to ?? before) !== status)
      throw ApplicationFailure.nonRetryable(`${transition} led to ${status}`, 'TABLE_MISMATCH');
    lastStatus.set(caseNumber, status);
    fired.add(transition);
  },
  async recordValuationReport(): Promise<void> {},
  async exchangeExcludedBidders(input: { pledgorUscc: string }) {
    return { pledgorUscc: input.pledgorUscc, legalRepIdNumber: LEGAL_REP_ID, bankUscc: BANK_USCC };
  },
  async openAssetTransferRequest(input: { caseNumber: string; toOwner: string }): Promise<void> {
    transfers.set(input.caseNumber, { toOwner: input.toOwner, registrationNumber: null });
  },
  async withdrawAssetTransferRequest(input: { transferId: string }): Promise<void> {
    transfers.delete(input.transferId.replace(/-T$/, ''));
  },
  async registerRequestedTransfer(input: {
    caseNumber: string;
    registrationNumber: string;
  }): Promise<void> {
    const transfer = transfers.get(input.caseNumber)!;
    transfer.registrationNumber = input.registrationNumber;
  },
  /** Every day counts here; the real calendar (holidays, make-up days) is the integration suites'. */
  async addWorkingDays(input: { from: string; days: number }): Promise<string> {
    const date = new Date(`${input.from}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + input.days);
    return date.toISOString().slice(0, 10);
  },
  async exchangeReportDisposalOutcome(input: {
    caseNumber: string;
    outcome: DisposalOutcome;
  }): Promise<void> {
    if (refusingCases.has(input.caseNumber))
      throw ApplicationFailure.nonRetryable('The case refuses', 'INVALID_TRANSITION');
    outcomes.set(input.caseNumber, input.outcome);
  },
};

const RULES = { floorRatio: '0.7', maxStepCut: '0.2', roundBusinessDays: 5, maxRounds: 2 };

function disposalInput(
  caseNumber: string,
  options: { valuationValidUntil: string; businessDate?: string },
): DisposalInput {
  return {
    caseNumber,
    bankOrgId: BANK,
    pledgorUscc: PLEDGOR_USCC,
    assets: [{ kind: 'INVENTION_PATENT', number: PATENT }],
    valuationFirmOrgId: FIRM,
    valuationValidityMonths: 12,
    ltvByAssetKind: {
      INVENTION_PATENT: '0.5',
      UTILITY_MODEL_PATENT: '0.4',
      DESIGN_PATENT: '0.3',
      TRADEMARK: '0.4',
      SOFTWARE_COPYRIGHT: '0.3',
    },
    latestValuation: {
      reportNumber: `VR-${caseNumber}`,
      totalValue: '5000000.00',
      baseDate: '2025-06-01',
      validUntil: options.valuationValidUntil,
    },
    rules: RULES,
    startedBy: OFFICER,
    businessDate: options.businessDate ?? '2026-06-01',
  };
}

/** The code of the refusal a step met; fails the test if the step was accepted. */
async function refusalOf(step: Promise<unknown>): Promise<string> {
  try {
    await step;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
      return error.cause.type ?? 'UNTYPED';
    throw error;
  }
  throw new Error('The step was accepted; a refusal was expected');
}

describe('disposal workflow (stub activities, every transition)', () => {
  let env: WorkflowTestEnv;

  beforeAll(async () => {
    env = await startWorkflowTestEnv();
  });
  afterAll(async () => {
    await env?.close();
  });

  /** Starts a disposal the way the case does (update-with-start) and answers its handle. */
  async function start(input: DisposalInput): Promise<WorkflowHandle<typeof disposalWorkflow>> {
    const operation = new WithStartWorkflowOperation<typeof disposalWorkflow>(DISPOSAL_WORKFLOW, {
      workflowId: env.newId('disposal'),
      taskQueue: env.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
    });
    await env.client.workflow.executeUpdateWithStart(disposalStartedUpdate, {
      startWorkflowOperation: operation,
    });
    return operation.workflowHandle();
  }

  const on = (businessDate: string, who: Actor = OFFICER) => ({ actor: who, businessDate });
  const caseNo = () => env.newId('CASE').toUpperCase();

  it('sells at the first auction round: the best bid at or above the start wins', () =>
    env.withWorker(activities, async () => {
      const caseNumber = caseNo();
      const handle = await start(disposalInput(caseNumber, { valuationValidUntil: '2026-12-31' }));
      const started = await handle.query(getDisposalQuery);
      expect(started).toMatchObject({ status: 'AWAITING_METHOD', floor: '3500000.00' });

      // Wrong role, wrong organisation, wrong state: refused before anything enters history.
      expect(
        await refusalOf(
          handle.executeUpdate(chooseDisposalMethodUpdate, {
            args: [{ ...on('2026-06-01', EVALUATOR), method: 'AUCTION' }],
          }),
        ),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        await refusalOf(
          handle.executeUpdate(chooseDisposalMethodUpdate, {
            args: [{ ...on('2026-06-01', OTHER_BANK_OFFICER), method: 'AUCTION' }],
          }),
        ),
      ).toBe('ORGANISATION_FORBIDDEN');
      expect(
        await refusalOf(
          handle.executeUpdate(openRoundUpdate, {
            args: [{ ...on('2026-06-01', OPERATOR), startingPrice: '3500000.00' }],
          }),
        ),
      ).toBe('INVALID_TRANSITION');

      await handle.executeUpdate(chooseDisposalMethodUpdate, {
        args: [{ ...on('2026-06-01'), method: 'AUCTION' }],
      });
      // The exchange runs the rounds and registers bidders; the bank may only propose to give up.
      expect(await handle.query(disposalAllowedActionsQuery, OFFICER)).toEqual([
        'PROPOSE_WRITE_OFF',
      ]);
      expect(await handle.query(disposalAllowedActionsQuery, OPERATOR)).toEqual([
        'OPEN_ROUND',
        'REGISTER_BIDDER',
        'RECORD_DEPOSIT',
      ]);
      expect(
        await refusalOf(
          handle.executeUpdate(openRoundUpdate, {
            args: [{ ...on('2026-06-01'), startingPrice: '3500000.00' }],
          }),
        ),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        await refusalOf(
          handle.executeUpdate(openRoundUpdate, {
            args: [{ ...on('2026-06-01', OPERATOR), startingPrice: '3499999.99' }],
          }),
        ),
      ).toBe('STARTING_PRICE_BELOW_FLOOR');
      await handle.executeUpdate(openRoundUpdate, {
        args: [{ ...on('2026-06-01', OPERATOR), startingPrice: '3500000.00' }],
      });
      expect(await handle.query(disposalAllowedActionsQuery, OPERATOR)).toEqual([
        'RECORD_BID',
        'REGISTER_BIDDER',
        'RECORD_DEPOSIT',
      ]);

      // Bidders: registered by the exchange, never a party to the pledge; a deposit before bidding.
      const register = (
        identity: string,
        kind: 'FIRM' | 'PERSON' = 'FIRM',
        deposit?: DepositTerms,
      ) =>
        handle.executeUpdate(registerBidderUpdate, {
          args: [
            {
              ...on('2026-06-02', OPERATOR),
              kind,
              identity,
              name: `Bidder ${identity}`,
              ...(deposit ? { deposit } : {}),
            },
          ],
        });
      const deposit = { amount: '100000.00', reference: 'DEP-A', paidOn: '2026-06-02' };
      // The registers are read with the first registration: the handler refuses the pledgor.
      expect(await refusalOf(register(PLEDGOR_USCC))).toBe('BIDDER_IS_PLEDGOR');
      const a = await register(FIRM_A, 'FIRM', deposit);
      expect(a.bidders).toEqual([
        expect.objectContaining({
          id: 'B1',
          identity: FIRM_A,
          deposit: expect.objectContaining({ amount: '100000.00' }),
        }),
      ]);
      // From then on the validator refuses before history.
      expect(await refusalOf(register(PLEDGOR_USCC))).toBe('BIDDER_IS_PLEDGOR');
      expect(await refusalOf(register(LEGAL_REP_ID, 'PERSON'))).toBe(
        'BIDDER_IS_LEGAL_REPRESENTATIVE',
      );
      expect(await refusalOf(register(BANK_USCC))).toBe('BIDDER_IS_LENDING_BANK');
      expect(await refusalOf(register(FIRM_A))).toBe('BIDDER_ALREADY_REGISTERED');
      expect(await refusalOf(register('91310104MA1FL8QK3M'))).toBe('BIDDER_INVALID_USCC');
      expect(await refusalOf(register('310115199001011022', 'PERSON'))).toBe(
        'BIDDER_INVALID_RESIDENT_ID',
      );
      expect(await refusalOf(register(FIRM_B, 'FIRM', { ...deposit, paidOn: '2026-06-03' }))).toBe(
        'DEPOSIT_DATE_IN_FUTURE',
      );
      await register(FIRM_B);
      const bid = (bidderId: string, amount: string, date: string, who: Actor = OPERATOR) =>
        handle.executeUpdate(recordBidUpdate, { args: [{ ...on(date, who), bidderId, amount }] });
      expect(await refusalOf(bid('B2', '3400000.00', '2026-06-02'))).toBe('BIDDER_DEPOSIT_MISSING');
      expect(await refusalOf(bid('B9', '3400000.00', '2026-06-02'))).toBe('BIDDER_NOT_REGISTERED');
      await handle.executeUpdate(recordDepositUpdate, {
        args: [{ ...on('2026-06-02', OPERATOR), bidderId: 'B2', ...deposit, reference: 'DEP-B' }],
      });
      expect(
        await refusalOf(
          handle.executeUpdate(recordDepositUpdate, {
            args: [{ ...on('2026-06-02', OPERATOR), bidderId: 'B2', ...deposit }],
          }),
        ),
      ).toBe('DEPOSIT_ALREADY_RECORDED');

      expect(await refusalOf(bid('B1', '3600000.00', '2026-06-02', OFFICER))).toBe(
        'ROLE_FORBIDDEN',
      );
      await bid('B1', '3600000.00', '2026-06-02');
      await bid('B2', '3400000.00', '2026-06-03');

      // The operator closes the round at its end (2026-06-06), not before.
      expect(
        await refusalOf(
          handle.executeUpdate(closeRoundUpdate, { args: [on('2026-06-05', OPERATOR)] }),
        ),
      ).toBe('ROUND_NOT_ENDED');
      expect(
        await refusalOf(handle.executeUpdate(closeRoundUpdate, { args: [on('2026-06-06')] })),
      ).toBe('ROLE_FORBIDDEN');
      const closed = await handle.executeUpdate(closeRoundUpdate, {
        args: [on('2026-06-06', OPERATOR)],
      });
      expect(closed.rounds[0]).toMatchObject({ closedOn: '2026-06-06' });
      expect(closed.status).toBe('SALE_AGREED');
      expect(closed.rounds[0]).toMatchObject({ outcome: 'SOLD', winningBidSeq: 1 });
      expect(closed.sale).toMatchObject({ buyer: FIRM_A, price: '3600000.00', round: 1 });
      expect(closed.bids.map((b) => [b.bidderId, b.bidder])).toEqual([
        ['B1', FIRM_A],
        ['B2', FIRM_B],
      ]);
      expect(
        await refusalOf(
          handle.executeUpdate(writeOffUpdate, { args: [{ ...on('2026-06-06'), reason: 'x' }] }),
        ),
      ).toBe('INVALID_TRANSITION');
      const transfer = (registeredOn: string, who: Actor = CLERK, date = '2026-06-08') =>
        handle.executeUpdate(registerTransferUpdate, {
          args: [{ ...on(date, who), registrationNumber: 'ZR-1', registeredOn }],
        });
      expect(await refusalOf(transfer('2026-06-07'))).toBe('NO_PENDING_TRANSFER');

      const done = await handle.executeUpdate(completeSaleUpdate, {
        args: [{ ...on('2026-06-07'), costs: '15500.00' }],
      });
      // Settled by the case; the asset is the buyer's only once the registration office says so.
      expect(done.status).toBe('TRANSFER_PENDING');
      expect(done.transfer).toMatchObject({ buyer: FIRM_A, requestedOn: '2026-06-07' });
      expect(transfers.get(caseNumber)).toEqual({ toOwner: FIRM_A, registrationNumber: null });
      expect(await handle.query(disposalAllowedActionsQuery, CLERK)).toEqual(['REGISTER_TRANSFER']);
      expect(await refusalOf(transfer('2026-06-07', OFFICER))).toBe('ROLE_FORBIDDEN');
      expect(await refusalOf(transfer('2026-06-06'))).toBe('TRANSFER_DATE_BEFORE_SALE');
      expect(await refusalOf(transfer('2026-06-09'))).toBe('TRANSFER_DATE_IN_FUTURE');
      const registered = await transfer('2026-06-08');
      expect(registered.status).toBe('COMPLETED');
      expect(registered.transfer).toMatchObject({
        registrationNumber: 'ZR-1',
        registeredOn: '2026-06-08',
        registeredBy: CLERK.userId,
      });
      expect(transfers.get(caseNumber)?.registrationNumber).toBe('ZR-1');
      expect(await handle.result()).toMatchObject({ status: 'COMPLETED' });
      expect(outcomes.get(caseNumber)).toMatchObject({
        kind: 'SOLD',
        proceeds: '3600000.00',
        costs: '15500.00',
      });
    }));

  it('refreshes an expired valuation, fails both rounds, then sells privately below the floor with approval', () =>
    env.withWorker(activities, async () => {
      const caseNumber = caseNo();
      const handle = await start(disposalInput(caseNumber, { valuationValidUntil: '2026-05-31' }));
      expect((await handle.query(getDisposalQuery)).status).toBe('AWAITING_VALUATION');

      expect(
        await refusalOf(
          handle.executeUpdate(submitDisposalValuationUpdate, {
            args: [
              {
                ...on('2026-06-01', EVALUATOR),
                reportNumber: 'VR-NEW',
                method: 'MARKET',
                baseDate: '2026-06-01',
                validUntil: null,
                assets: [{ number: 'ZL-NOT-PLEDGED', value: '4000000.00' }],
              },
            ],
          }),
        ),
      ).toBe('VALUATION_ASSETS_MISMATCH');
      const valued = await handle.executeUpdate(submitDisposalValuationUpdate, {
        args: [
          {
            ...on('2026-06-01', EVALUATOR),
            reportNumber: 'VR-NEW',
            method: 'MARKET',
            baseDate: '2026-06-01',
            validUntil: null,
            assets: [{ number: PATENT, value: '4000000.00' }],
          },
        ],
      });
      // 4,000,000.00 × 0.7; valid 12 months from the base date.
      expect(valued).toMatchObject({ status: 'AWAITING_METHOD', floor: '2800000.00' });
      expect(valued.valuation).toMatchObject({ source: 'REFRESHED', validUntil: '2027-06-01' });

      await handle.executeUpdate(chooseDisposalMethodUpdate, {
        args: [{ ...on('2026-06-01'), method: 'LISTED_TRANSFER' }],
      });
      await handle.executeUpdate(openRoundUpdate, {
        args: [{ ...on('2026-06-01', OPERATOR), startingPrice: '3000000.00' }],
      });
      expect(
        await refusalOf(
          handle.executeUpdate(openRoundUpdate, {
            args: [{ ...on('2026-06-02', OPERATOR), startingPrice: '3000000.00' }],
          }),
        ),
      ).toBe('ROUND_STILL_OPEN');
      // Round 1 ends unsold on 2026-06-06; round 2 may start at 0.8 × 3,000,000.00 = 2,400,000.00.
      expect(
        await refusalOf(
          handle.executeUpdate(openRoundUpdate, {
            args: [{ ...on('2026-06-06', OPERATOR), startingPrice: '2399999.99' }],
          }),
        ),
      ).toBe('PRICE_CUT_TOO_LARGE');
      const second = await handle.executeUpdate(openRoundUpdate, {
        args: [{ ...on('2026-06-06', OPERATOR), startingPrice: '2400000.00' }],
      });
      expect(second.rounds.map((r) => r.outcome)).toEqual(['UNSOLD', 'OPEN']);
      expect(
        await refusalOf(
          handle.executeUpdate(recordBidUpdate, {
            args: [{ ...on('2026-06-11', OPERATOR), bidderId: 'B1', amount: '2500000.00' }],
          }),
        ),
      ).toBe('NO_OPEN_ROUND');
      // Refused before history, so the round closes with the close of business of 2026-06-11.
      const failed = await handle.executeUpdate(applyDisposalBusinessDateUpdate, {
        args: [{ businessDate: '2026-06-11' }],
      });
      expect(failed.status).toBe('AUCTION_FAILED');
      expect(failed.rounds.map((r) => r.outcome)).toEqual(['UNSOLD', 'UNSOLD']);
      expect(
        await refusalOf(
          handle.executeUpdate(openRoundUpdate, {
            args: [{ ...on('2026-06-11', OPERATOR), startingPrice: '2000000.00' }],
          }),
        ),
      ).toBe('TOO_MANY_ROUNDS');

      const proposed = await handle.executeUpdate(proposeSaleUpdate, {
        args: [
          {
            ...on('2026-06-12'),
            method: 'NEGOTIATED_TRANSFER',
            buyer: 'BUYER',
            price: '2000000.00',
          },
        ],
      });
      expect(proposed).toMatchObject({ status: 'AWAITING_APPROVAL' });
      expect(proposed.sale).toMatchObject({ belowFloor: true });
      expect(
        await refusalOf(
          handle.executeUpdate(completeSaleUpdate, {
            args: [{ ...on('2026-06-12'), costs: '0.00' }],
          }),
        ),
      ).toBe('ADMINISTRATOR_APPROVAL_REQUIRED');
      expect(
        await refusalOf(
          handle.executeUpdate(approveSaleUpdate, { args: [{ ...on('2026-06-12'), reason: 'x' }] }),
        ),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        await refusalOf(
          handle.executeUpdate(approveSaleUpdate, {
            args: [{ ...on('2026-06-12', ADMIN), reason: '  ' }],
          }),
        ),
      ).toBe('REASON_REQUIRED');
      expect(await handle.query(disposalAllowedActionsQuery, ADMIN)).toEqual(['APPROVE_SALE']);
      // Rounds closed unsold: no listed ground is needed.
      await handle.executeUpdate(approveSaleUpdate, {
        args: [{ ...on('2026-06-12', ADMIN), reason: 'Two rounds failed; best offer' }],
      });
      const done = await handle.executeUpdate(completeSaleUpdate, {
        args: [{ ...on('2026-06-13'), costs: '1000.00' }],
      });
      expect(done.status).toBe('TRANSFER_PENDING');
      await handle.executeUpdate(registerTransferUpdate, {
        args: [
          { ...on('2026-06-13', CLERK), registrationNumber: 'ZR-2', registeredOn: '2026-06-13' },
        ],
      });
      expect(outcomes.get(caseNumber)).toMatchObject({ kind: 'SOLD', proceeds: '2000000.00' });
    }));

  it('negotiates a sale at the floor, and closes an unsold last round on the date alone', () =>
    env.withWorker(activities, async () => {
      const negotiatedCase = caseNo();
      const negotiated = await start(
        disposalInput(negotiatedCase, { valuationValidUntil: '2026-12-31' }),
      );
      await negotiated.executeUpdate(chooseDisposalMethodUpdate, {
        args: [{ ...on('2026-06-01'), method: 'LICENSING' }],
      });
      expect(
        await refusalOf(
          negotiated.executeUpdate(proposeSaleUpdate, {
            args: [{ ...on('2026-06-01'), method: 'AUCTION', buyer: 'B', price: '3500000.00' }],
          }),
        ),
      ).toBe('INVALID_DISPOSAL_METHOD');
      const agreed = await negotiated.executeUpdate(proposeSaleUpdate, {
        args: [
          { ...on('2026-06-01'), method: 'LICENSING', buyer: 'LICENSEE', price: '3500000.00' },
        ],
      });
      expect(agreed).toMatchObject({ status: 'SALE_AGREED' });
      expect(agreed.sale).toMatchObject({ belowFloor: false });
      // The case refuses the outcome: the sale stays agreed, its pending transfer withdrawn.
      refusingCases.add(negotiatedCase);
      expect(
        await refusalOf(
          negotiated.executeUpdate(completeSaleUpdate, {
            args: [{ ...on('2026-06-02'), costs: '0.00' }],
          }),
        ),
      ).toBe('INVALID_TRANSITION');
      expect(transfers.has(negotiatedCase)).toBe(false);
      expect(await negotiated.query(getDisposalQuery)).toMatchObject({
        status: 'SALE_AGREED',
        transfer: null,
      });

      // Below the floor with no round closed unsold: only on a listed ground.
      const below = await start(disposalInput(caseNo(), { valuationValidUntil: '2026-12-31' }));
      await below.executeUpdate(chooseDisposalMethodUpdate, {
        args: [{ ...on('2026-06-01'), method: 'NEGOTIATED_TRANSFER' }],
      });
      await below.executeUpdate(proposeSaleUpdate, {
        args: [
          { ...on('2026-06-01'), method: 'NEGOTIATED_TRANSFER', buyer: 'B', price: '100000.00' },
        ],
      });
      const approve = (ground: string | null) =>
        below.executeUpdate(approveSaleUpdate, {
          args: [{ ...on('2026-06-01', ADMIN), reason: 'Court order of 2026-05-30', ground }],
        });
      expect(await refusalOf(approve(null))).toBe('BELOW_FLOOR_NEEDS_FAILED_ROUND_OR_GROUND');
      expect(await refusalOf(approve('BANK_PREFERS_IT'))).toBe('UNKNOWN_BELOW_FLOOR_GROUND');
      const approved = await approve('COURT_ORDER');
      expect(approved.status).toBe('SALE_AGREED');
      expect(approved.sale?.approval).toMatchObject({
        userId: ADMIN.userId,
        ground: 'COURT_ORDER',
      });

      const single = await start({
        ...disposalInput(caseNo(), { valuationValidUntil: '2026-12-31' }),
        rules: { ...RULES, maxRounds: 1 },
      });
      await single.executeUpdate(chooseDisposalMethodUpdate, {
        args: [{ ...on('2026-06-01'), method: 'AUCTION' }],
      });
      await single.executeUpdate(openRoundUpdate, {
        args: [{ ...on('2026-06-01', OPERATOR), startingPrice: '3500000.00' }],
      });
      const closed = await single.executeUpdate(applyDisposalBusinessDateUpdate, {
        args: [{ businessDate: '2026-06-06' }],
      });
      expect(closed.status).toBe('AUCTION_FAILED');
      await negotiated.terminate('test finished');
      await below.terminate('test finished');
      await single.terminate('test finished');
    }));

  it('writes the loan off: the credit approver proposes with a reason, an administrator approves; an open round ends unsold', () =>
    env.withWorker(activities, async () => {
      const caseNumber = caseNo();
      const handle = await start(disposalInput(caseNumber, { valuationValidUntil: '2026-12-31' }));
      await handle.executeUpdate(chooseDisposalMethodUpdate, {
        args: [{ ...on('2026-06-01'), method: 'AUCTION' }],
      });
      await handle.executeUpdate(openRoundUpdate, {
        args: [{ ...on('2026-06-01', OPERATOR), startingPrice: '3500000.00' }],
      });
      expect(
        await refusalOf(
          handle.executeUpdate(writeOffUpdate, {
            args: [{ ...on('2026-06-02', APPROVER), reason: '' }],
          }),
        ),
      ).toBe('REASON_REQUIRED');
      const proposed = await handle.executeUpdate(writeOffUpdate, {
        args: [{ ...on('2026-06-02', APPROVER), reason: 'No buyer in sight' }],
      });
      expect(proposed.status).toBe('AWAITING_WRITE_OFF_APPROVAL');
      expect(proposed.rounds[0]).toMatchObject({ outcome: 'UNSOLD', closedOn: '2026-06-02' });
      expect(outcomes.has(caseNumber)).toBe(false);
      expect(await handle.query(disposalAllowedActionsQuery, ADMIN)).toEqual(['APPROVE_WRITE_OFF']);
      expect(await handle.query(disposalAllowedActionsQuery, APPROVER)).toEqual([]);
      const approve = (who: Actor) =>
        handle.executeUpdate(approveWriteOffUpdate, {
          args: [{ ...on('2026-06-03', who), note: null }],
        });
      expect(await refusalOf(approve(OFFICER))).toBe('ROLE_FORBIDDEN');
      expect(await refusalOf(approve(APPROVER_AS_ADMIN))).toBe('WRITE_OFF_SELF_APPROVAL');
      const written = await approve(ADMIN);
      expect(written.status).toBe('WRITTEN_OFF');
      expect(written.writeOffProposal).toMatchObject({
        proposedBy: APPROVER.userId,
        approvedBy: ADMIN.userId,
        approvedOn: '2026-06-03',
      });
      expect(outcomes.get(caseNumber)).toMatchObject({ kind: 'WRITTEN_OFF', proceeds: '0.00' });
      expect(await handle.result()).toMatchObject({ status: 'WRITTEN_OFF' });
    }));

  it('starts once per case: a repeated start finds the disposal started', () =>
    env.withWorker(activities, async () => {
      const input = disposalInput(caseNo(), { valuationValidUntil: '2026-12-31' });
      const holder = { taskQueue: env.taskQueue } as TemporalClientHolder;
      const useCase = new StartDisposalUseCase(env.client, holder);
      const workflowId = await useCase.execute(input);
      expect(await useCase.execute(input)).toBe(workflowId);
      const handle = env.client.workflow.getHandle(workflowId);
      expect((await handle.query(getDisposalQuery)).version).toBe(1);
      await handle.terminate('test finished');
    }));

  it('has fired every row of the transition table', () => {
    // The legacy rows are fired by the recorded histories only (replay.int-spec.ts).
    expect([...fired].sort()).toEqual(
      DISPOSAL_TRANSITION_NAMES.filter((t) => !LEGACY_DISPOSAL_TRANSITIONS.includes(t)).sort(),
    );
  });
});
