/*
 * The subsidy-claim workflow's rules in seconds: the real workflow on the run's dev server, with
 * stub activities that keep the claim in memory and move it by the domain's transition table.
 * Every row of SUBSIDY_CLAIM_TRANSITIONS must be fired by some scenario here (the last test
 * checks), so a rule change shows up in a fast test. Outcomes are asserted (state, refusal code),
 * not the order of calls.
 */
import {
  WithStartWorkflowOperation,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../../libs/domain/src/roles';
import {
  SUBSIDY_CLAIM_TRANSITIONS,
  subsidyClaimMove,
  type SubsidyClaimEvent,
  type SubsidyClaimOutcome,
  type SubsidyClaimRequest,
  type SubsidyClaimState,
} from '../../libs/domain/src/subsidy-claim';
import {
  allowedActionsQuery,
  approveClaimUpdate,
  BUDGET_TOP_UP_WORKFLOW,
  budgetToppedUpUpdate,
  claimSubmittedUpdate,
  clawBackClaimUpdate,
  closeBudgetYearUpdate,
  confirmPremiumUpdate,
  getClaimQuery,
  payClaimUpdate,
  rejectClaimUpdate,
  reserveFromWaitlistUpdate,
  reviewClaimUpdate,
  SUBSIDY_CLAIM_WORKFLOW,
  type BudgetTopUpInput,
  type BudgetTopUpResult,
  type SubsidyClaimInput,
  type SubsidyClaimStepInput,
} from '../../workflows/subsidy-claim/subsidy-claim.shared';
import type { subsidyClaimWorkflow } from '../../workflows/subsidy-claim/subsidy-claim.workflow';
import type { budgetTopUpWorkflow } from '../../workflows/subsidy-claim/budget-top-up.workflow';
import { startWorkflowTestEnv, type WorkflowTestEnv } from '../support/workflow-env';

const DISTRICT = '310116';
const person = (userId: string, role: Actor['role'], organisationId: string): Actor => ({
  userId,
  username: userId,
  role,
  organisationId,
});
const REVIEWER = person('rev-1', 'DISTRICT_REVIEWER', 'DIST-310116');
const APPROVER = person('app-1', 'DISTRICT_APPROVER', 'DIST-310116');
const OTHER_APPROVER = person('app-2', 'DISTRICT_APPROVER', 'DIST-310116');
const INSURER = person('ins-1', 'INSURER', 'INS-ANXIN');
const OTHER_INSURER = person('ins-2', 'INSURER', 'INS-OTHER');
const OFFICER = person('lo-1', 'LOAN_OFFICER', 'BANK-SHCB');
const TODAY = '2026-03-02';

/** A step by `actor`, from its own organisation's district unless told otherwise. */
function by(actor: Actor, actorDistrictCode: string | null = DISTRICT): SubsidyClaimStepInput {
  return {
    actor,
    actorDistrictCode: actor.role === 'INSURER' ? null : actorDistrictCode,
    businessDate: TODAY,
  };
}

/** Events the stubs fired, across every scenario of this file. */
const fired = new Set<SubsidyClaimEvent>();

/** In-memory claims moved by the table, as the real use cases move the stored rows. */
class StubDistrict {
  readonly claims = new Map<string, SubsidyClaimState>();
  /** Claims whose pool has no room for them right now. */
  readonly noRoom = new Set<string>();
  readonly servedWaitlists: string[] = [];

  private move(
    claimId: string,
    event: SubsidyClaimEvent,
    changes: Partial<SubsidyClaimState> = {},
  ) {
    const claim = this.claims.get(claimId)!;
    const { from, to } = subsidyClaimMove(event);
    if (from.length > 0 && !from.includes(claim.status)) {
      throw ApplicationFailure.create({
        type: 'INVALID_CLAIM_TRANSITION',
        message: `${event} from ${claim.status}`,
        nonRetryable: true,
      });
    }
    const next = { ...claim, ...changes, status: to, version: claim.version + 1 };
    this.claims.set(claimId, next);
    fired.add(event);
    return next;
  }

  activities() {
    return {
      districtSubmitClaim: async (input: SubsidyClaimInput) => {
        if (input.request.caseNumber === 'NOT-ELIGIBLE') {
          throw ApplicationFailure.create({
            type: 'NOT_ELIGIBLE',
            message: 'Not eligible under the policy',
            details: [{ failures: ['FIRST_PLEDGE'] }],
            nonRetryable: true,
          });
        }
        const { request } = input;
        this.claims.set(input.claimId, {
          claimId: input.claimId,
          kind: request.kind,
          districtCode: request.districtCode,
          budgetYear: 2026,
          caseNumber: request.caseNumber,
          bankOrgId: OFFICER.organisationId,
          enterpriseUscc: '91310000MA1FL0000X',
          insurerOrgId: request.kind === 'INSURANCE_PREMIUM' ? request.insurerOrgId : null,
          premium: request.kind === 'INSURANCE_PREMIUM' ? request.premium : null,
          status: 'SUBMITTED',
          reserved: false,
          reviewedBy: null,
          amount: '1000.00',
          version: 0,
        });
        if (request.kind === 'INSURANCE_PREMIUM')
          return this.move(input.claimId, 'SUBMIT_AWAITING_INSURER');
        return this.noRoom.has(input.claimId)
          ? this.move(input.claimId, 'SUBMIT_WAITLISTED')
          : this.move(input.claimId, 'SUBMIT', { reserved: true });
      },
      districtConfirmPremium: async (input: { claimId: string }) =>
        this.noRoom.has(input.claimId)
          ? this.move(input.claimId, 'CONFIRM_PREMIUM_WAITLISTED')
          : this.move(input.claimId, 'CONFIRM_PREMIUM', { reserved: true }),
      districtReviewClaim: async (input: { claimId: string; actor: Actor }) => {
        const waiting = this.claims.get(input.claimId)!.status === 'WAITLISTED';
        return this.move(input.claimId, waiting ? 'REVIEW_WAITLISTED' : 'REVIEW', {
          reviewedBy: input.actor.userId,
        });
      },
      districtApproveClaim: async (input: { claimId: string; actor: Actor }) => {
        const claim = this.claims.get(input.claimId)!;
        if (claim.status !== 'WAITLISTED')
          return {
            state: this.move(input.claimId, 'APPROVE', { approvedBy: input.actor.userId }),
            outcome: 'APPROVED',
          };
        if (this.noRoom.has(input.claimId)) return { state: claim, outcome: 'BUDGET_EXHAUSTED' };
        return {
          state: this.move(input.claimId, 'APPROVE_FROM_WAITLIST', { reserved: true }),
          outcome: 'APPROVED',
        };
      },
      districtPayClaim: async (input: { claimId: string }) =>
        this.move(input.claimId, 'PAY', { reserved: false }),
      districtRejectClaim: async (input: { claimId: string; actor: Actor | null }) => {
        const claim = this.claims.get(input.claimId)!;
        const event: SubsidyClaimEvent =
          input.actor === null
            ? 'CLOSE_BUDGET_YEAR'
            : claim.status === 'AWAITING_INSURER'
              ? 'REJECT_AWAITING_INSURER'
              : 'REJECT';
        return {
          state: this.move(input.claimId, event, { reserved: false }),
          released: claim.reserved,
        };
      },
      districtClawBackClaim: async (input: { claimId: string }) =>
        this.move(input.claimId, 'CLAW_BACK'),
      districtReserveFromWaitlist: async (input: { claimId: string }) => {
        const claim = this.claims.get(input.claimId)!;
        if (this.noRoom.has(input.claimId)) return { reserved: false, state: claim };
        const event = claim.reviewedBy ? 'RESERVE_FROM_WAITLIST_REVIEWED' : 'RESERVE_FROM_WAITLIST';
        return { reserved: true, state: this.move(input.claimId, event, { reserved: true }) };
      },
      districtServeWaitlist: async (input: { pool: { districtCode: string } }) => {
        this.servedWaitlists.push(input.pool.districtCode);
        return ['SC-WAITING-1'];
      },
      districtTopUpBudget: async (input: BudgetTopUpInput) => {
        if (input.pool.budgetYear < 2026) {
          throw ApplicationFailure.create({
            type: 'BUDGET_YEAR_CLOSED',
            message: `The ${input.pool.budgetYear} budget is closed`,
            nonRetryable: true,
          });
        }
        return { toppedUp: true };
      },
    };
  }
}

let env: WorkflowTestEnv;
let district: StubDistrict;

beforeAll(async () => {
  env = await startWorkflowTestEnv();
});
afterAll(async () => {
  await env?.close();
});
beforeEach(() => {
  district = new StubDistrict();
});

const interest = (caseNumber = 'IPF-2026-000001'): SubsidyClaimRequest => ({
  kind: 'INTEREST',
  caseNumber,
  districtCode: DISTRICT,
  fromInstalment: 1,
  toInstalment: 3,
  proofs: ['LOAN_CONTRACT'],
});
const insurance = (): SubsidyClaimRequest => ({
  kind: 'INSURANCE_PREMIUM',
  caseNumber: 'IPF-2026-000001',
  districtCode: DISTRICT,
  insurerOrgId: INSURER.organisationId,
  insurancePolicyNumber: 'AX-2026-000123',
  premium: '12000.00',
  premiumPaidOn: '2026-01-20',
  proofs: [],
});

interface Submitted {
  claimId: string;
  handle: WorkflowHandle<typeof subsidyClaimWorkflow>;
  state: SubsidyClaimState;
}

/** Submits a claim as the API does (update-with-start), optionally into a pool with no room. */
async function submit(request: SubsidyClaimRequest, options: { noRoom?: boolean } = {}) {
  const claimId = env.newId('SC');
  if (options.noRoom) district.noRoom.add(claimId);
  const start = new WithStartWorkflowOperation<typeof subsidyClaimWorkflow>(
    SUBSIDY_CLAIM_WORKFLOW,
    {
      workflowId: `subsidy-claim-${claimId}`,
      taskQueue: env.taskQueue,
      args: [{ claimId, request, submittedBy: OFFICER, businessDate: TODAY }],
      workflowIdConflictPolicy: 'FAIL',
    },
  );
  const state = await env.client.workflow.executeUpdateWithStart(claimSubmittedUpdate, {
    startWorkflowOperation: start,
  });
  const handle = await start.workflowHandle();
  return { claimId, handle, state } satisfies Submitted;
}

/** The refusal code of a step that must fail. */
async function refusal(step: Promise<unknown>): Promise<string> {
  try {
    await step;
  } catch (error) {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : null;
    if (cause instanceof ApplicationFailure && cause.type) return cause.type;
    throw error;
  }
  throw new Error('the step was not refused');
}

const withWorker = <T>(work: () => Promise<T>) => env.withWorker(district.activities(), work);

describe('subsidy claim workflow (stub activities)', () => {
  it('takes an interest claim from submission through review, approval and payment to clawback', () =>
    withWorker(async () => {
      const { handle, state } = await submit(interest());
      expect(state).toMatchObject({ status: 'SUBMITTED', reserved: true });

      expect(
        await refusal(handle.executeUpdate(approveClaimUpdate, { args: [by(APPROVER)] })),
      ).toBe('CLAIM_NOT_REVIEWED');
      expect(
        await refusal(
          handle.executeUpdate(reviewClaimUpdate, { args: [{ ...by(INSURER), note: null }] }),
        ),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        (await handle.executeUpdate(reviewClaimUpdate, { args: [{ ...by(REVIEWER), note: 'ok' }] }))
          .status,
      ).toBe('REVIEWED');
      expect(
        await refusal(
          handle.executeUpdate(reviewClaimUpdate, { args: [{ ...by(REVIEWER), note: null }] }),
        ),
      ).toBe('INVALID_CLAIM_TRANSITION');
      expect(
        await refusal(handle.executeUpdate(approveClaimUpdate, { args: [by(REVIEWER)] })),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        await refusal(handle.executeUpdate(approveClaimUpdate, { args: [by(APPROVER, '310101')] })),
      ).toBe('ORGANISATION_FORBIDDEN');
      expect(
        (await handle.executeUpdate(approveClaimUpdate, { args: [by(APPROVER)] })).status,
      ).toBe('APPROVED');
      expect(
        await refusal(
          handle.executeUpdate(payClaimUpdate, {
            args: [{ ...by(REVIEWER), paymentReference: ' ' }],
          }),
        ),
      ).toBe('VALIDATION_FAILED');
      // The approver may not record the payment; the reviewer (a second person) does.
      expect(
        await refusal(
          handle.executeUpdate(payClaimUpdate, {
            args: [{ ...by(APPROVER), paymentReference: 'PAY-1' }],
          }),
        ),
      ).toBe('PAYMENT_BY_APPROVER');
      expect(
        (
          await handle.executeUpdate(payClaimUpdate, {
            args: [{ ...by(REVIEWER), paymentReference: 'PAY-1' }],
          })
        ).status,
      ).toBe('PAID');
      expect(
        await refusal(
          handle.executeUpdate(rejectClaimUpdate, { args: [{ ...by(REVIEWER), reason: 'late' }] }),
        ),
      ).toBe('INVALID_CLAIM_TRANSITION');
      expect(
        await refusal(
          handle.executeUpdate(clawBackClaimUpdate, { args: [{ ...by(APPROVER), reason: ' ' }] }),
        ),
      ).toBe('REASON_REQUIRED');
      await handle.executeUpdate(clawBackClaimUpdate, {
        args: [{ ...by(APPROVER), reason: 'found ineligible' }],
      });

      const outcome: SubsidyClaimOutcome = await handle.result();
      expect(outcome).toMatchObject({ status: 'CLAWED_BACK', refusal: null });
      // The money went back to the pool, so its waitlist was served.
      expect(district.servedWaitlists).toEqual([DISTRICT]);
    }));

  it('holds four eyes: an approver who reviewed may not approve; a rejection releases the budget', () =>
    withWorker(async () => {
      const { handle } = await submit(interest());
      await handle.executeUpdate(reviewClaimUpdate, { args: [{ ...by(APPROVER), note: null }] });
      expect(
        await refusal(handle.executeUpdate(approveClaimUpdate, { args: [by(APPROVER)] })),
      ).toBe('FOUR_EYES_VIOLATION');
      expect(
        await handle.query(allowedActionsQuery, { actor: APPROVER, actorDistrictCode: DISTRICT }),
      ).toEqual(['reject']);
      expect(
        await handle.query(allowedActionsQuery, {
          actor: OTHER_APPROVER,
          actorDistrictCode: DISTRICT,
        }),
      ).toEqual(['approve', 'reject']);
      await handle.executeUpdate(rejectClaimUpdate, { args: [{ ...by(REVIEWER), reason: 'no' }] });
      expect(await handle.result()).toMatchObject({ status: 'REJECTED' });
      expect(district.servedWaitlists).toEqual([DISTRICT]);
    }));

  it('keeps a waiting claim waiting through review, and approves it once the pool has room', () =>
    withWorker(async () => {
      const { claimId, handle, state } = await submit(interest(), { noRoom: true });
      expect(state.status).toBe('WAITLISTED');
      expect(
        await handle.query(allowedActionsQuery, { actor: REVIEWER, actorDistrictCode: DISTRICT }),
      ).toEqual(['review', 'reject']);
      expect(
        (await handle.executeUpdate(reviewClaimUpdate, { args: [{ ...by(REVIEWER), note: null }] }))
          .status,
      ).toBe('WAITLISTED');
      expect(
        await refusal(
          handle.executeUpdate(reviewClaimUpdate, { args: [{ ...by(REVIEWER), note: null }] }),
        ),
      ).toBe('ALREADY_REVIEWED');
      expect(
        await refusal(handle.executeUpdate(approveClaimUpdate, { args: [by(APPROVER)] })),
      ).toBe('BUDGET_EXHAUSTED');
      expect((await handle.query(getClaimQuery))?.status).toBe('WAITLISTED');
      district.noRoom.delete(claimId);
      expect(
        (await handle.executeUpdate(approveClaimUpdate, { args: [by(APPROVER)] })).status,
      ).toBe('APPROVED');
    }));

  it('lets a waiting claim take budget that came back, to review or to approval', () =>
    withWorker(async () => {
      const fresh = await submit(interest(), { noRoom: true });
      district.noRoom.delete(fresh.claimId);
      const taken = await fresh.handle.executeUpdate(reserveFromWaitlistUpdate, {
        args: [{ businessDate: TODAY }],
      });
      expect(taken).toMatchObject({ reserved: true, state: { status: 'SUBMITTED' } });
      // Sent again to a claim that has moved on, it changes nothing.
      expect(
        await fresh.handle.executeUpdate(reserveFromWaitlistUpdate, {
          args: [{ businessDate: TODAY }],
        }),
      ).toMatchObject({ reserved: true, state: { status: 'SUBMITTED' } });

      const reviewed = await submit(interest(), { noRoom: true });
      await reviewed.handle.executeUpdate(reviewClaimUpdate, {
        args: [{ ...by(REVIEWER), note: null }],
      });
      expect(
        await reviewed.handle.executeUpdate(reserveFromWaitlistUpdate, {
          args: [{ businessDate: TODAY }],
        }),
      ).toMatchObject({ reserved: false, state: { status: 'WAITLISTED' } });
      district.noRoom.delete(reviewed.claimId);
      expect(
        await reviewed.handle.executeUpdate(reserveFromWaitlistUpdate, {
          args: [{ businessDate: TODAY }],
        }),
      ).toMatchObject({ reserved: true, state: { status: 'REVIEWED' } });
    }));

  it('rejects a claim still waiting when its budget year closes, without serving the waitlist', () =>
    withWorker(async () => {
      const { handle } = await submit(interest(), { noRoom: true });
      expect(
        (await handle.executeUpdate(closeBudgetYearUpdate, { args: [{ businessDate: TODAY }] }))
          .status,
      ).toBe('REJECTED');
      expect(await handle.result()).toMatchObject({ status: 'REJECTED' });
      expect(district.servedWaitlists).toEqual([]);
    }));

  it('waits for the insurer to confirm the declared premium of an insurance claim', () =>
    withWorker(async () => {
      const { handle, state } = await submit(insurance());
      expect(state.status).toBe('AWAITING_INSURER');
      expect(
        await refusal(
          handle.executeUpdate(confirmPremiumUpdate, {
            args: [{ ...by(INSURER), premium: '11999.99' }],
          }),
        ),
      ).toBe('PREMIUM_MISMATCH');
      expect(
        await refusal(
          handle.executeUpdate(confirmPremiumUpdate, {
            args: [{ ...by(OTHER_INSURER), premium: '12000.00' }],
          }),
        ),
      ).toBe('ORGANISATION_FORBIDDEN');
      expect(
        await refusal(
          handle.executeUpdate(confirmPremiumUpdate, {
            args: [{ ...by(REVIEWER), premium: '12000.00' }],
          }),
        ),
      ).toBe('ROLE_FORBIDDEN');
      expect(
        (
          await handle.executeUpdate(confirmPremiumUpdate, {
            args: [{ ...by(INSURER), premium: '12000' }],
          })
        ).status,
      ).toBe('SUBMITTED');

      const waiting = await submit(insurance(), { noRoom: true });
      expect(
        (
          await waiting.handle.executeUpdate(confirmPremiumUpdate, {
            args: [{ ...by(INSURER), premium: '12000.00' }],
          })
        ).status,
      ).toBe('WAITLISTED');
    }));

  it('lets the insurer reject a premium it never received, but only before confirming it', () =>
    withWorker(async () => {
      const { handle } = await submit(insurance());
      await handle.executeUpdate(rejectClaimUpdate, {
        args: [{ ...by(INSURER), reason: 'premium never received' }],
      });
      expect(await handle.result()).toMatchObject({ status: 'REJECTED' });
      // Nothing was reserved, so no money came back to serve the waitlist with.
      expect(district.servedWaitlists).toEqual([]);
    }));

  it('ends a refused submission at once with the refusal, nothing stored', () =>
    withWorker(async () => {
      const claimId = env.newId('SC');
      const start = new WithStartWorkflowOperation<typeof subsidyClaimWorkflow>(
        SUBSIDY_CLAIM_WORKFLOW,
        {
          workflowId: `subsidy-claim-${claimId}`,
          taskQueue: env.taskQueue,
          args: [
            {
              claimId,
              request: interest('NOT-ELIGIBLE'),
              submittedBy: OFFICER,
              businessDate: TODAY,
            },
          ],
          workflowIdConflictPolicy: 'FAIL',
        },
      );
      expect(
        await refusal(
          env.client.workflow.executeUpdateWithStart(claimSubmittedUpdate, {
            startWorkflowOperation: start,
          }),
        ),
      ).toBe('NOT_ELIGIBLE');
      const outcome = await (await start.workflowHandle()).result();
      expect(outcome).toMatchObject({ status: 'REFUSED', refusal: { code: 'NOT_ELIGIBLE' } });
      expect(district.claims.size).toBe(0);
    }));

  it('fired every row of the transition table', () => {
    expect([...fired].sort()).toEqual(Object.keys(SUBSIDY_CLAIM_TRANSITIONS).sort());
  });
});

describe('budget top-up workflow (stub activities)', () => {
  const pool = { districtCode: DISTRICT, kind: 'INTEREST' as const, budgetYear: 2026 };
  /** Starts a top-up as the API does: update-with-start, answered when the waitlist is served. */
  function startTopUp(input: BudgetTopUpInput) {
    const start = new WithStartWorkflowOperation<typeof budgetTopUpWorkflow>(
      BUDGET_TOP_UP_WORKFLOW,
      {
        workflowId: env.newId('top-up'),
        taskQueue: env.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'FAIL',
      },
    );
    const answer = env.client.workflow.executeUpdateWithStart(budgetToppedUpUpdate, {
      startWorkflowOperation: start,
    });
    return { start, answer };
  }

  it('raises the pool, then serves its waitlist', () =>
    withWorker(async () => {
      const { start, answer } = startTopUp({
        pool,
        amount: '50000.00',
        reference: 'TOPUP-1',
        actor: APPROVER,
        businessDate: TODAY,
      });
      const result: BudgetTopUpResult = await answer;
      expect(result).toEqual({ pool, toppedUp: true, reservedClaims: ['SC-WAITING-1'] });
      expect(await (await start.workflowHandle()).result()).toEqual(result);
    }));

  it('answers a closed year with the refusal and fails the run, serving nothing', () =>
    withWorker(async () => {
      const { start, answer } = startTopUp({
        pool: { ...pool, budgetYear: 2025 },
        amount: '1.00',
        reference: 'TOPUP-2',
        actor: APPROVER,
        businessDate: TODAY,
      });
      expect(await refusal(answer)).toBe('BUDGET_YEAR_CLOSED');
      // A failed run lets the same reference be sent again.
      const failed = await (await start.workflowHandle()).result().catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(WorkflowFailedError);
      const cause = (failed as WorkflowFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect((cause as ApplicationFailure).type).toBe('BUDGET_YEAR_CLOSED');
      expect(district.servedWaitlists).toEqual([]);
    }));
});
