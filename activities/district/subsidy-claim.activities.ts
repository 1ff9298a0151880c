import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../libs/domain/src/errors';
import { Money } from '../../libs/domain/src/money';
import type { Actor } from '../../libs/domain/src/roles';
import { parsePolicyTerms } from '../../libs/domain/src/subsidy';
import { SubsidyBudgetRepository } from '../../libs/persistence/src/repositories/subsidy-budget.repository';
import {
  SubsidyClaimRepository,
  type CaseFacts,
  type ClaimEvent,
  type ClaimRow,
  type CoverageConflict,
} from '../../libs/persistence/src/repositories/subsidy-claim.repository';
import { SubsidyPolicyRepository } from '../../libs/persistence/src/repositories/subsidy-policy.repository';
import {
  REJECTABLE_STATUSES,
  subsidyClaimWorkflowId,
  type ClaimRequest,
  type ClaimState,
  type PoolRef,
  type SubsidyClaimInput,
} from '../../workflows/subsidy-claim/subsidy-claim.shared';
import { refusingDomainErrors } from '../shared/activity-failure';
import { computeInsuranceClaim, computeInterestClaim } from './claim-computation';

/** Actor recorded on movements and timeline entries that no person performed. */
const SYSTEM = 'SYSTEM';

export function claimStateOf(row: ClaimRow): ClaimState {
  return {
    claimId: row.id,
    kind: row.kind,
    districtCode: row.districtCode,
    budgetYear: row.budgetYear,
    caseNumber: row.caseNumber,
    bankOrgId: row.bankOrgId,
    enterpriseUscc: row.enterpriseUscc,
    insurerOrgId: row.insurerOrgId,
    premium: row.premium,
    status: row.status,
    reserved: row.reserved,
    reviewedBy: row.reviewedBy,
    amount: row.amount,
    version: row.version,
  };
}

function poolOf(row: ClaimRow): PoolRef {
  return { districtCode: row.districtCode, kind: row.kind, budgetYear: row.budgetYear };
}

function eventBy(
  actor: Actor | null,
  event: string,
  businessDate: string,
  payload = {},
): ClaimEvent {
  return {
    event,
    actorUserId: actor?.userId ?? null,
    actorRole: actor?.role ?? 'SYSTEM',
    businessDate,
    payload,
  };
}

function duplicateOf(request: ClaimRequest, first: CoverageConflict): DomainError {
  const what =
    request.kind === 'INTEREST'
      ? `the period ${first.periodStart}..${first.periodEnd} of loan ${request.caseNumber}`
      : `insurance policy ${first.insurancePolicyNumber}`;
  return new DomainError(
    'DUPLICATE_SUBSIDY',
    `${what} is already claimed by claim ${first.claimId} in district ${first.districtCode} (${first.status})`,
    { first },
    `该贷款期间或保费已由 ${first.districtCode} 的补贴申请 ${first.claimId} 申领`,
  );
}

function isCoverageViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return (
    e.code === '23P01' || (e.code === '23505' && e.constraint === 'subsidy_coverage_one_premium')
  );
}

/**
 * A district's claim steps. Each runs in one PostgreSQL transaction that changes the claim (from
 * an expected status, under a row lock), its timeline, its coverage and the budget pool together,
 * and each first checks whether it already happened: a retried activity moves nothing twice.
 */
@Injectable()
export class SubsidyClaimActivities {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly policies: SubsidyPolicyRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  /**
   * Reads the loan's facts from PostgreSQL (never the claimant's word), computes the claim under
   * the district's policy in force, and stores it with its coverage and reservation, or refuses:
   * DUPLICATE_SUBSIDY naming the first claim, NOT_ELIGIBLE with every failure, POLICY_NOT_FOUND…
   */
  async districtSubmitClaim(input: SubsidyClaimInput): Promise<ClaimState> {
    return refusingDomainErrors(async () => {
      const stored = await this.claims.find(input.claimId);
      if (stored) return claimStateOf(stored);
      const { request, submittedBy, businessDate } = input;
      const facts = await this.claims.caseFacts(request.caseNumber);
      if (!facts)
        throw new DomainError('CASE_NOT_FOUND', `No case ${request.caseNumber}`, {
          caseNumber: request.caseNumber,
        });
      checkSubmitter(submittedBy, facts);
      const policy = await this.policies.inForce(request.districtCode, request.kind, businessDate);
      if (!policy) {
        throw new DomainError(
          'POLICY_NOT_FOUND',
          `District ${request.districtCode} has no ${request.kind} policy in force on ${businessDate}`,
          { districtCode: request.districtCode, kind: request.kind, businessDate },
        );
      }
      const terms = parsePolicyTerms(policy.kind, policy.terms);
      const inForce = {
        id: policy.id,
        version: policy.version,
        districtCode: policy.districtCode,
        terms,
      };
      const lprTable = await this.policies.lprTable();
      const budgetYear = Number(businessDate.slice(0, 4));
      const pool: PoolRef = { districtCode: request.districtCode, kind: request.kind, budgetYear };
      try {
        return await this.claims.transaction(async (tx) => {
          await this.claims.lockEnterpriseCaps(tx, {
            districtCode: request.districtCode,
            kind: request.kind,
            enterpriseUscc: facts.enterpriseUscc,
          });
          // Duplicates are reported before eligibility: "already claimed" is the answer that matters.
          const coverage =
            request.kind === 'INTEREST'
              ? null
              : await this.claims.coverageConflict(tx, {
                  kind: 'INSURANCE_PREMIUM',
                  insurerOrgId: request.insurerOrgId,
                  insurancePolicyNumber: request.insurancePolicyNumber,
                });
          if (coverage) throw duplicateOf(request, coverage);
          const committed = await this.claims.committed(tx, {
            districtCode: request.districtCode,
            kind: request.kind,
            caseNumber: request.caseNumber,
            enterpriseUscc: facts.enterpriseUscc,
            budgetYear,
          });
          const used = {
            loan: Money.ofFen(committed.loanFen),
            enterpriseYear: Money.ofFen(committed.enterpriseYearFen),
            enterpriseCumulative: Money.ofFen(committed.enterpriseCumulativeFen),
          };
          const programmesAlreadyClaimed = await this.claims.programmesOnCase(
            tx,
            request.caseNumber,
          );
          const computed =
            request.kind === 'INTEREST'
              ? computeInterestClaim({
                  policy: inForce,
                  facts,
                  request,
                  businessDate,
                  lprTable,
                  used,
                  programmesAlreadyClaimed,
                })
              : computeInsuranceClaim({
                  policy: inForce,
                  facts,
                  request,
                  businessDate,
                  used,
                  programmesAlreadyClaimed,
                });
          if (computed.period) {
            const overlap = await this.claims.coverageConflict(tx, {
              kind: 'INTEREST',
              caseNumber: request.caseNumber,
              periodStart: computed.period.start,
              periodEnd: computed.period.end,
            });
            if (overlap) throw duplicateOf(request, overlap);
          }
          if (!computed.eligible) {
            throw new DomainError(
              'NOT_ELIGIBLE',
              `Not eligible under ${policy.id}: ${computed.failures.map((f) => f.rule).join(', ')}`,
              { policyId: policy.id, failures: computed.failures },
              '不符合补贴政策条件',
            );
          }
          await this.claims.insert(
            tx,
            {
              id: input.claimId,
              workflowId: subsidyClaimWorkflowId(input.claimId),
              kind: request.kind,
              districtCode: request.districtCode,
              budgetYear,
              caseNumber: request.caseNumber,
              bankOrgId: facts.bankOrgId,
              enterpriseUscc: facts.enterpriseUscc,
              enterpriseName: facts.enterpriseName,
              policyId: policy.id,
              policyVersion: policy.version,
              programme: terms.programme,
              status: request.kind === 'INTEREST' ? 'SUBMITTED' : 'AWAITING_INSURER',
              submittedOn: businessDate,
              submittedBy: submittedBy.userId,
              submittedByOrg: submittedBy.organisationId,
              fromInstalment: request.kind === 'INTEREST' ? request.fromInstalment : null,
              toInstalment: request.kind === 'INTEREST' ? request.toInstalment : null,
              periodStart: computed.period?.start ?? null,
              periodEnd: computed.period?.end ?? null,
              insurerOrgId: request.kind === 'INTEREST' ? null : request.insurerOrgId,
              insurancePolicyNumber:
                request.kind === 'INTEREST' ? null : request.insurancePolicyNumber,
              premiumFen: request.kind === 'INTEREST' ? null : Money.ofYuan(request.premium).fen,
              premiumPaidOn: request.kind === 'INTEREST' ? null : request.premiumPaidOn,
              amountFen: computed.amount.fen,
              limitedBy: computed.limitedBy,
              computation: computed.record,
              proofs: request.proofs,
            },
            eventBy(submittedBy, 'SUBMIT', businessDate, { amount: computed.amount.toYuan() }),
          );
          // An insurance claim reserves once the insurer has confirmed the premium.
          if (request.kind === 'INTEREST') {
            await this.reserveOrWaitlist(tx, input.claimId, pool, computed.amount, businessDate);
          }
          return claimStateOf((await this.claims.find(input.claimId, tx))!);
        });
      } catch (error) {
        // A claim racing this one took the period between our check and our insert.
        if (!isCoverageViolation(error)) throw error;
        const first = await this.claims.transaction((tx) =>
          this.claims.coverageConflict(
            tx,
            request.kind === 'INTEREST'
              ? {
                  kind: 'INTEREST',
                  caseNumber: request.caseNumber,
                  periodStart: facts.schedule[request.fromInstalment - 1]!.periodStart,
                  periodEnd: facts.schedule[request.toInstalment - 1]!.dueDate,
                }
              : {
                  kind: 'INSURANCE_PREMIUM',
                  insurerOrgId: request.insurerOrgId,
                  insurancePolicyNumber: request.insurancePolicyNumber,
                },
          ),
        );
        if (!first) throw error;
        throw duplicateOf(request, first);
      }
    });
  }

  /** The insurer confirms the premium; the claim then reserves budget or waits for it. */
  async districtConfirmPremium(input: {
    claimId: string;
    actor: Actor;
    businessDate: string;
  }): Promise<ClaimState> {
    return this.onClaim(input.claimId, async (tx, claim) => {
      if (claim.insurerConfirmedBy) return claim; // a retry
      const confirmed = await this.claims.transition(
        tx,
        claim.id,
        ['AWAITING_INSURER'],
        'SUBMITTED',
        { insurer_confirmed_by: input.actor.userId, insurer_confirmed_on: input.businessDate },
        eventBy(input.actor, 'CONFIRM_PREMIUM', input.businessDate, { premium: claim.premium }),
      );
      if (!confirmed) return null;
      return this.reserveOrWaitlist(
        tx,
        claim.id,
        poolOf(claim),
        Money.ofYuan(claim.amount),
        input.businessDate,
      );
    });
  }

  /** Review keeps a waitlisted claim waiting (it still has no budget), else moves it to REVIEWED. */
  async districtReviewClaim(input: {
    claimId: string;
    actor: Actor;
    businessDate: string;
    note: string | null;
  }): Promise<ClaimState> {
    return this.onClaim(input.claimId, async (tx, claim) => {
      if (claim.reviewedBy) return claim;
      return this.claims.transition(
        tx,
        claim.id,
        [claim.status === 'WAITLISTED' ? 'WAITLISTED' : 'SUBMITTED'],
        claim.status === 'WAITLISTED' ? 'WAITLISTED' : 'REVIEWED',
        {
          reviewed_by: input.actor.userId,
          reviewed_on: input.businessDate,
          review_note: input.note,
        },
        eventBy(input.actor, 'REVIEW', input.businessDate, { note: input.note }),
      );
    });
  }

  /**
   * Approval needs a reservation: a waitlisted claim first tries to reserve, in the same
   * transaction; if the pool still has no room nothing changes and BUDGET_EXHAUSTED comes back.
   */
  async districtApproveClaim(input: {
    claimId: string;
    actor: Actor;
    businessDate: string;
  }): Promise<{ state: ClaimState; outcome: 'APPROVED' | 'BUDGET_EXHAUSTED' }> {
    let outcome: 'APPROVED' | 'BUDGET_EXHAUSTED' = 'APPROVED';
    const state = await this.onClaim(input.claimId, async (tx, claim) => {
      if (claim.approvedBy) return claim;
      if (claim.status === 'WAITLISTED') {
        const reserved = await this.budget.reserveFromWaitlist(
          poolOf(claim),
          claim.id,
          Money.ofYuan(claim.amount).fen,
          { businessDate: input.businessDate, actorUserId: input.actor.userId },
          tx,
        );
        if (!reserved) {
          outcome = 'BUDGET_EXHAUSTED';
          return claim;
        }
      }
      return this.claims.transition(
        tx,
        claim.id,
        ['REVIEWED', 'WAITLISTED'],
        'APPROVED',
        { reserved: true, approved_by: input.actor.userId, approved_on: input.businessDate },
        eventBy(input.actor, 'APPROVE', input.businessDate, { amount: claim.amount }),
      );
    });
    return { state, outcome };
  }

  /** Payment consumes the reservation; the payment reference is unique across all claims. */
  async districtPayClaim(input: {
    claimId: string;
    actor: Actor;
    businessDate: string;
    paymentReference: string;
  }): Promise<ClaimState> {
    return refusingDomainErrors(async () => {
      try {
        return await this.onClaim(input.claimId, async (tx, claim) => {
          if (claim.paymentReference) return claim;
          await this.budget.consume(
            poolOf(claim),
            claim.id,
            Money.ofYuan(claim.amount).fen,
            { businessDate: input.businessDate, actorUserId: input.actor.userId },
            tx,
          );
          return this.claims.transition(
            tx,
            claim.id,
            ['APPROVED'],
            'PAID',
            {
              payment_reference: input.paymentReference,
              paid_on: input.businessDate,
              paid_fen: claim.amountFen,
            },
            eventBy(input.actor, 'PAY', input.businessDate, {
              paymentReference: input.paymentReference,
              amount: claim.amount,
            }),
          );
        });
      } catch (error) {
        const e = error as { code?: string; constraint?: string };
        if (e.code === '23505' && e.constraint === 'subsidy_claim_payment_reference_key') {
          throw new DomainError(
            'DUPLICATE_PAYMENT_REFERENCE',
            `Payment reference ${input.paymentReference} is already recorded on another claim`,
            { paymentReference: input.paymentReference },
          );
        }
        throw error;
      }
    });
  }

  /**
   * Rejection before payment: the reservation goes back to the pool (or the claim leaves the
   * waitlist), and the period or premium can be claimed again. `actor` null = the system (the
   * budget year closed). Returns whether budget was released (the waitlist may then be served).
   */
  async districtRejectClaim(input: {
    claimId: string;
    actor: Actor | null;
    businessDate: string;
    reason: string;
  }): Promise<{ state: ClaimState; released: boolean }> {
    let released = false;
    const state = await this.onClaim(input.claimId, async (tx, claim) => {
      if (claim.status === 'REJECTED') return claim;
      const context = {
        businessDate: input.businessDate,
        actorUserId: input.actor?.userId ?? SYSTEM,
      };
      if (claim.reserved) {
        await this.budget.release(
          poolOf(claim),
          claim.id,
          Money.ofYuan(claim.amount).fen,
          context,
          tx,
        );
        released = true;
      } else if (claim.status === 'WAITLISTED') {
        await this.budget.leaveWaitlist(poolOf(claim), tx);
      }
      await this.claims.deactivateCoverage(tx, claim.id);
      return this.claims.transition(
        tx,
        claim.id,
        [...REJECTABLE_STATUSES],
        'REJECTED',
        {
          reserved: false,
          rejection_reason: input.reason,
          rejected_by: input.actor?.userId ?? SYSTEM,
          rejected_on: input.businessDate,
        },
        eventBy(input.actor, 'REJECT', input.businessDate, { reason: input.reason }),
      );
    });
    return { state, released };
  }

  /** A paid claim found ineligible: the money returns to the pool and the cap room is restored. */
  async districtClawBackClaim(input: {
    claimId: string;
    actor: Actor;
    businessDate: string;
    reason: string;
  }): Promise<ClaimState> {
    return this.onClaim(input.claimId, async (tx, claim) => {
      if (claim.status === 'CLAWED_BACK') return claim;
      await this.budget.clawBack(
        poolOf(claim),
        claim.id,
        BigInt(claim.amountFen),
        { businessDate: input.businessDate, actorUserId: input.actor.userId },
        tx,
      );
      await this.claims.deactivateCoverage(tx, claim.id);
      return this.claims.transition(
        tx,
        claim.id,
        ['PAID'],
        'CLAWED_BACK',
        {
          clawback_reason: input.reason,
          clawed_back_by: input.actor.userId,
          clawed_back_on: input.businessDate,
        },
        eventBy(input.actor, 'CLAW_BACK', input.businessDate, {
          reason: input.reason,
          amount: claim.paidAmount,
        }),
      );
    });
  }

  /** A waitlisted claim takes a reservation if its pool has room now; a no-op otherwise. */
  async districtReserveFromWaitlist(input: {
    claimId: string;
    businessDate: string;
  }): Promise<{ reserved: boolean; state: ClaimState }> {
    let reserved = false;
    const state = await this.onClaim(input.claimId, async (tx, claim) => {
      if (claim.status !== 'WAITLISTED') {
        reserved = claim.reserved;
        return claim;
      }
      reserved = await this.budget.reserveFromWaitlist(
        poolOf(claim),
        claim.id,
        Money.ofYuan(claim.amount).fen,
        { businessDate: input.businessDate, actorUserId: SYSTEM },
        tx,
      );
      if (!reserved) return claim;
      return this.claims.transition(
        tx,
        claim.id,
        ['WAITLISTED'],
        claim.reviewedBy ? 'REVIEWED' : 'SUBMITTED',
        { reserved: true },
        eventBy(null, 'BUDGET_RESERVED', input.businessDate, { amount: claim.amount }),
      );
    });
    return { reserved, state };
  }

  private async reserveOrWaitlist(
    tx: EntityManager,
    claimId: string,
    pool: PoolRef,
    amount: Money,
    businessDate: string,
  ): Promise<ClaimRow | null> {
    const outcome = await this.budget.reserveOrWaitlist(
      pool,
      claimId,
      amount.fen,
      { businessDate, actorUserId: SYSTEM },
      tx,
    );
    return this.claims.transition(
      tx,
      claimId,
      ['SUBMITTED'],
      outcome === 'RESERVED' ? 'SUBMITTED' : 'WAITLISTED',
      { reserved: outcome === 'RESERVED' },
      eventBy(null, outcome === 'RESERVED' ? 'BUDGET_RESERVED' : 'WAITLIST', businessDate, {
        amount: amount.toYuan(),
      }),
    );
  }

  /** Runs `work` on the locked claim in one transaction and returns the claim's new state. */
  private async onClaim(
    claimId: string,
    work: (tx: EntityManager, claim: ClaimRow) => Promise<ClaimRow | null>,
  ): Promise<ClaimState> {
    return refusingDomainErrors(() =>
      this.claims.transaction(async (tx) => {
        const claim = await this.claims.find(claimId, tx, true);
        if (!claim) throw new DomainError('CLAIM_NOT_FOUND', `No claim ${claimId}`, { claimId });
        const after = await work(tx, claim);
        if (!after) {
          throw new DomainError(
            'INVALID_CLAIM_TRANSITION',
            `Claim ${claimId} is ${claim.status}; the step does not apply`,
            { status: claim.status },
          );
        }
        return claimStateOf(after);
      }),
    );
  }
}

/** Claims are submitted by the case's bank (loan officer) or by the enterprise itself. */
function checkSubmitter(actor: Actor, facts: CaseFacts): void {
  const allowed =
    (actor.role === 'LOAN_OFFICER' && actor.organisationId === facts.bankOrgId) ||
    (actor.role === 'ENTERPRISE' && actor.organisationId === `ENT-${facts.enterpriseUscc}`);
  if (!allowed) {
    throw new DomainError(
      'ORGANISATION_FORBIDDEN',
      `${actor.organisationId} may not claim subsidies for case ${facts.caseNumber}`,
      { caseNumber: facts.caseNumber },
    );
  }
}
