/**
 * What the claim's use cases share: the timeline entry of a step, the locked claim a step works
 * on, and the budget decision that follows a submission or a premium confirmation.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/src/errors';
import type { Money } from '../../../libs/domain/src/money';
import type { Actor } from '../../../libs/domain/src/roles';
import {
  subsidyClaimMove,
  subsidyClaimStateOf,
  type PoolRef,
  type SubsidyClaimEvent,
  type SubsidyClaimRow,
  type SubsidyClaimState,
  type SubsidyClaimTimelineEntry,
} from '../../../libs/domain/src/subsidy-claim';
import type { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import type { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';

/** Actor recorded on movements and timeline entries that no person performed. */
export const SYSTEM = 'SYSTEM';

/** A timeline entry of `actor` (null: the system) on a business date. */
export function timelineEntry(
  actor: Actor | null,
  event: string,
  businessDate: string,
  payload = {},
): SubsidyClaimTimelineEntry {
  return {
    event,
    actorUserId: actor?.userId ?? null,
    actorRole: actor?.role ?? 'SYSTEM',
    businessDate,
    payload,
  };
}

/**
 * Runs `work` on the locked claim in one transaction and returns the claim's new state. `work`
 * answers null when the claim is no longer where the step applies: INVALID_CLAIM_TRANSITION.
 */
export function onLockedClaim(
  claims: SubsidyClaimRepository,
  claimId: string,
  work: (tx: EntityManager, claim: SubsidyClaimRow) => Promise<SubsidyClaimRow | null>,
): Promise<SubsidyClaimState> {
  return claims.transaction(async (tx) => {
    const claim = await claims.find(claimId, tx, true);
    if (!claim) throw new DomainError('CLAIM_NOT_FOUND', `No claim ${claimId}`, { claimId });
    const after = await work(tx, claim);
    if (!after) {
      throw new DomainError(
        'INVALID_CLAIM_TRANSITION',
        `Claim ${claimId} is ${claim.status}; the step does not apply`,
        { status: claim.status },
      );
    }
    return subsidyClaimStateOf(after);
  });
}

/**
 * The budget's answer to a claim ready for it: a reservation, or a place on the waitlist. The
 * claim stands in the state of the `reserved` outcome; the waiting outcome moves it on.
 */
export async function reserveOrWaitlist(
  repositories: { claims: SubsidyClaimRepository; budget: SubsidyBudgetRepository },
  tx: EntityManager,
  claim: { claimId: string; pool: PoolRef; amount: Money; businessDate: string },
  outcomes: { reserved: SubsidyClaimEvent; waitlisted: SubsidyClaimEvent },
): Promise<SubsidyClaimRow | null> {
  const outcome = await repositories.budget.reserveOrWaitlist(
    claim.pool,
    claim.claimId,
    claim.amount.fen,
    { businessDate: claim.businessDate, actorUserId: SYSTEM },
    tx,
  );
  const ready = subsidyClaimMove(outcomes.reserved).to;
  const move = subsidyClaimMove(outcome === 'RESERVED' ? outcomes.reserved : outcomes.waitlisted);
  return repositories.claims.transition(
    tx,
    claim.claimId,
    [ready],
    move.to,
    { reserved: outcome === 'RESERVED' },
    timelineEntry(
      null,
      outcome === 'RESERVED' ? 'BUDGET_RESERVED' : 'WAITLIST',
      claim.businessDate,
      { amount: claim.amount.toYuan() },
    ),
  );
}
