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
  submitDisposalValuationUpdate,
  writeOffUpdate,
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
    pledgorUscc: '91310000MA1FL0001X',
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
      // The exchange runs the rounds; the bank may only give up.
      expect(await handle.query(disposalAllowedActionsQuery, OFFICER)).toEqual(['WRITE_OFF']);
      expect(await handle.query(disposalAllowedActionsQuery, OPERATOR)).toEqual(['OPEN_ROUND']);
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
      expect(await handle.query(disposalAllowedActionsQuery, OPERATOR)).toEqual(['RECORD_BID']);
      expect(
        await refusalOf(
          handle.executeUpdate(recordBidUpdate, {
            args: [{ ...on('2026-06-02'), bidder: 'BIDDER-A', amount: '3600000.00' }],
          }),
        ),
      ).toBe('ROLE_FORBIDDEN');
      await handle.executeUpdate(recordBidUpdate, {
        args: [{ ...on('2026-06-02', OPERATOR), bidder: 'BIDDER-A', amount: '3600000.00' }],
      });
      await handle.executeUpdate(recordBidUpdate, {
        args: [{ ...on('2026-06-03', OPERATOR), bidder: 'BIDDER-B', amount: '3400000.00' }],
      });

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
      expect(closed.sale).toMatchObject({ buyer: 'BIDDER-A', price: '3600000.00', round: 1 });
      expect(
        await refusalOf(
          handle.executeUpdate(writeOffUpdate, { args: [{ ...on('2026-06-06'), reason: 'x' }] }),
        ),
      ).toBe('INVALID_TRANSITION');

      const done = await handle.executeUpdate(completeSaleUpdate, {
        args: [{ ...on('2026-06-07'), costs: '15500.00' }],
      });
      expect(done.status).toBe('COMPLETED');
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
            args: [{ ...on('2026-06-11', OPERATOR), bidder: 'LATE', amount: '2500000.00' }],
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
      await handle.executeUpdate(approveSaleUpdate, {
        args: [{ ...on('2026-06-12', ADMIN), reason: 'Two rounds failed; best offer' }],
      });
      const done = await handle.executeUpdate(completeSaleUpdate, {
        args: [{ ...on('2026-06-13'), costs: '1000.00' }],
      });
      expect(done.status).toBe('COMPLETED');
      expect(outcomes.get(caseNumber)).toMatchObject({ kind: 'SOLD', proceeds: '2000000.00' });
    }));

  it('negotiates a sale at the floor, and closes an unsold last round on the date alone', () =>
    env.withWorker(activities, async () => {
      const negotiated = await start(
        disposalInput(caseNo(), { valuationValidUntil: '2026-12-31' }),
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
      await single.terminate('test finished');
    }));

  it('writes the loan off by the credit approver, with a reason; an open round ends unsold', () =>
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
      const written = await handle.executeUpdate(writeOffUpdate, {
        args: [{ ...on('2026-06-02', APPROVER), reason: 'No buyer in sight' }],
      });
      expect(written.status).toBe('WRITTEN_OFF');
      expect(written.rounds[0]).toMatchObject({ outcome: 'UNSOLD', closedOn: '2026-06-02' });
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
    expect([...fired].sort()).toEqual([...DISPOSAL_TRANSITION_NAMES].sort());
  });
});
