import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  type defineUpdate,
} from '@temporalio/workflow';
import { assertBusinessDate } from '../../libs/domain/src/business-date';
import { DomainError } from '../../libs/domain/src/errors';
import { Money } from '../../libs/domain/src/money';
import type { Role } from '../../libs/domain/src/roles';
import type { SubsidyBudgetActivities } from '../../activities/district/subsidy-budget.activities';
import type { SubsidyClaimActivities } from '../../activities/district/subsidy-claim.activities';
import {
  approveClaimUpdate,
  claimSubmittedUpdate,
  clawBackClaimUpdate,
  closeBudgetYearUpdate,
  confirmPremiumUpdate,
  getClaimQuery,
  isTerminalClaimStatus,
  payClaimUpdate,
  rejectClaimUpdate,
  REJECTABLE_STATUSES,
  reserveFromWaitlistUpdate,
  reviewClaimUpdate,
  type ClaimRefusal,
  type ClaimState,
  type ClaimStatus,
  type ClaimStepInput,
  type SubsidyClaimInput,
  type SubsidyClaimOutcome,
} from './subsidy-claim.shared';

const claims = proxyActivities<SubsidyClaimActivities>({
  // Single transactions on PostgreSQL; a dead worker's attempt is retried soon.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});
const budgets = proxyActivities<SubsidyBudgetActivities>({
  // Serving a waitlist updates one claim after another: long, so it reports progress.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function refuse(code: string, message: string, details: Record<string, unknown> = {}) {
  return ApplicationFailure.create({ type: code, message, details: [details], nonRetryable: true });
}

/** A refusal from the domain or from an activity, as this claim's own non-retryable failure. */
function refusalOf(error: unknown): ClaimRefusal | null {
  if (error instanceof DomainError)
    return { code: error.code, message: error.message, details: error.details };
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.nonRetryable && cause.type) {
    return {
      code: cause.type,
      message: cause.message,
      details: (cause.details?.[0] ?? {}) as Record<string, unknown>,
    };
  }
  return null;
}

function asFailure(error: unknown): unknown {
  const refusal = refusalOf(error);
  return refusal ? refuse(refusal.code, refusal.message, refusal.details) : error;
}

/**
 * One subsidy claim, from submission to payment and perhaps a clawback years later.
 *
 * Its own workflow, not a child of the loan case: a claim outlives the case's runs (the case
 * continues as new and closes; a clawback may come long after), districts act on claims
 * independently of the bank, and a child would tie the claim's fate to the parent's close.
 * The case workflow is not changed by claims; the claim reads the case's facts from PostgreSQL.
 *
 * The claim's record of truth is the `subsidy_claim` row: every step is one activity that changes
 * it (from an expected status) together with the budget pool. The workflow serialises the steps,
 * refuses invalid ones in Update validators before they enter history, and keeps a small state.
 */
export async function subsidyClaimWorkflow(input: SubsidyClaimInput): Promise<SubsidyClaimOutcome> {
  let claim: ClaimState | null = null;
  let refusal: ClaimRefusal | null = null;
  /** Business date on which a rejection or clawback gave money back to the pool. */
  let releasedOn: string | null = null;

  let lock: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const result = lock.then(work, work);
    lock = result.catch(() => undefined);
    return result;
  }

  function current(): ClaimState {
    if (!claim) throw refuse('CLAIM_NOT_READY', `Claim ${input.claimId} is not stored yet`);
    return claim;
  }

  function expectStatus(state: ClaimState, allowed: readonly ClaimStatus[], step: string): void {
    if (!allowed.includes(state.status)) {
      throw refuse(
        'INVALID_CLAIM_TRANSITION',
        `${step} is not allowed while the claim is ${state.status}`,
        { status: state.status, step },
      );
    }
  }

  /** Role, then organisation: district staff act only on their district's claims. */
  function expectActor(state: ClaimState, step: ClaimStepInput, roles: Role[]): void {
    assertBusinessDate(step.businessDate, 'businessDate');
    if (!roles.includes(step.actor.role)) {
      throw refuse('ROLE_FORBIDDEN', `${step.actor.role} may not do this on a subsidy claim`, {
        role: step.actor.role,
        allowed: roles,
      });
    }
    const ownDistrict =
      step.actor.role === 'INSURER'
        ? step.actor.organisationId === state.insurerOrgId
        : step.actorDistrictCode === state.districtCode;
    if (!ownDistrict) {
      throw refuse(
        'ORGANISATION_FORBIDDEN',
        `${step.actor.organisationId} may not act on a claim of district ${state.districtCode}`,
        { districtCode: state.districtCode },
      );
    }
  }

  function reasonRequired(reason: string): void {
    if (!reason || reason.trim().length === 0)
      throw refuse('REASON_REQUIRED', 'A reason is required');
  }

  /** Registers a human step: the validator runs before history, and again inside the lock. */
  function step<I extends ClaimStepInput>(
    definition: ReturnType<typeof defineUpdate<ClaimState, [I]>>,
    validate: (state: ClaimState, input: I) => void,
    perform: (state: ClaimState, input: I) => Promise<ClaimState>,
  ): void {
    const check = (input: I) => {
      try {
        validate(current(), input);
      } catch (error) {
        throw asFailure(error);
      }
    };
    setHandler(
      definition,
      (input: I) =>
        serially(async () => {
          check(input);
          try {
            claim = await perform(current(), input);
          } catch (error) {
            throw asFailure(error);
          }
          return claim;
        }),
      { validator: check },
    );
  }

  step(
    confirmPremiumUpdate,
    (state, i) => {
      expectActor(state, i, ['INSURER']);
      expectStatus(state, ['AWAITING_INSURER'], 'Premium confirmation');
      const confirmed = Money.ofYuan(i.premium);
      if (state.premium === null || !confirmed.equals(Money.ofYuan(state.premium))) {
        throw refuse(
          'PREMIUM_MISMATCH',
          `The insurer confirms ${confirmed.toYuan()}, the claim declares ${state.premium}`,
          { declared: state.premium, confirmed: confirmed.toYuan() },
        );
      }
    },
    (state, i) => claims.districtConfirmPremium({ claimId: state.claimId, ...i }),
  );

  step(
    reviewClaimUpdate,
    (state, i) => {
      // An approver may review in a small office; four eyes still holds at approval.
      expectActor(state, i, ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER']);
      expectStatus(state, ['SUBMITTED', 'WAITLISTED'], 'Review');
      if (state.reviewedBy)
        throw refuse('ALREADY_REVIEWED', `Claim ${state.claimId} is already reviewed`);
    },
    (state, i) => claims.districtReviewClaim({ claimId: state.claimId, ...i }),
  );

  step(
    approveClaimUpdate,
    (state, i) => {
      expectActor(state, i, ['DISTRICT_APPROVER']);
      expectStatus(state, ['SUBMITTED', 'REVIEWED', 'WAITLISTED'], 'Approval');
      if (!state.reviewedBy)
        throw refuse('CLAIM_NOT_REVIEWED', `Claim ${state.claimId} must be reviewed first`);
      if (state.reviewedBy === i.actor.userId) {
        throw refuse(
          'FOUR_EYES_VIOLATION',
          'The approver of a claim must not be the person who reviewed it',
          { reviewedBy: state.reviewedBy },
        );
      }
    },
    async (state, i) => {
      const result = await claims.districtApproveClaim({ claimId: state.claimId, ...i });
      if (result.outcome === 'BUDGET_EXHAUSTED') {
        // The claim stays WAITLISTED (the activity changed nothing); the approver is told why.
        claim = result.state;
        throw refuse(
          'BUDGET_EXHAUSTED',
          `The ${state.districtCode} ${state.kind} budget of ${state.budgetYear} has no room for ${state.amount}`,
          { districtCode: state.districtCode, kind: state.kind, budgetYear: state.budgetYear },
        );
      }
      return result.state;
    },
  );

  step(
    payClaimUpdate,
    (state, i) => {
      expectActor(state, i, ['DISTRICT_APPROVER']);
      expectStatus(state, ['APPROVED'], 'Payment');
      if (!i.paymentReference || i.paymentReference.trim().length === 0)
        throw refuse('VALIDATION_FAILED', 'paymentReference is required');
    },
    (state, i) => claims.districtPayClaim({ claimId: state.claimId, ...i }),
  );

  step(
    rejectClaimUpdate,
    (state, i) => {
      // The insurer may refuse to confirm a premium it never received.
      expectActor(
        state,
        i,
        state.status === 'AWAITING_INSURER'
          ? ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER', 'INSURER']
          : ['DISTRICT_REVIEWER', 'DISTRICT_APPROVER'],
      );
      expectStatus(state, REJECTABLE_STATUSES, 'Rejection');
      reasonRequired(i.reason);
    },
    async (state, i) => {
      const result = await claims.districtRejectClaim({ claimId: state.claimId, ...i });
      if (result.released) releasedOn = i.businessDate;
      return result.state;
    },
  );

  step(
    clawBackClaimUpdate,
    (state, i) => {
      expectActor(state, i, ['DISTRICT_APPROVER']);
      expectStatus(state, ['PAID'], 'Clawback');
      reasonRequired(i.reason);
    },
    async (state, i) => {
      const clawed = await claims.districtClawBackClaim({ claimId: state.claimId, ...i });
      releasedOn = i.businessDate;
      return clawed;
    },
  );

  setHandler(
    reserveFromWaitlistUpdate,
    ({ businessDate }) =>
      serially(async () => {
        const state = current();
        if (state.status !== 'WAITLISTED') return { reserved: state.reserved, state };
        const result = await claims.districtReserveFromWaitlist({
          claimId: state.claimId,
          businessDate,
        });
        claim = result.state;
        return result;
      }),
    { validator: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate') },
  );

  setHandler(
    closeBudgetYearUpdate,
    ({ businessDate }) =>
      serially(async () => {
        const state = current();
        if (state.status !== 'WAITLISTED') return state;
        const result = await claims.districtRejectClaim({
          claimId: state.claimId,
          actor: null,
          businessDate,
          reason: 'BUDGET_YEAR_CLOSED',
        });
        claim = result.state;
        return claim;
      }),
    { validator: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate') },
  );

  setHandler(claimSubmittedUpdate, async () => {
    await condition(() => claim !== null || refusal !== null);
    if (refusal) throw refuse(refusal.code, refusal.message, refusal.details);
    return claim!;
  });
  setHandler(getClaimQuery, () => claim);

  try {
    claim = await claims.districtSubmitClaim(input);
  } catch (error) {
    refusal = refusalOf(error);
    if (!refusal) throw error;
    // Nothing was stored: the claim ends here, refused, and the submitter is told why.
    await condition(allHandlersFinished);
    return { claimId: input.claimId, status: 'REFUSED', refusal };
  }

  await condition(() => isTerminalClaimStatus(claim!.status));
  await condition(allHandlersFinished);
  const final = claim;
  if (releasedOn) {
    // Money went back to the pool: waitlisted claims of the pool take it, first come first.
    await budgets.districtServeWaitlist({
      pool: { districtCode: final.districtCode, kind: final.kind, budgetYear: final.budgetYear },
      businessDate: releasedOn,
    });
  }
  return { claimId: input.claimId, status: final.status, refusal: null };
}
