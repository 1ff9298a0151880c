import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../libs/domain/src/errors';
import { Money } from '../../../libs/domain/src/money';
import {
  checkSubmitter,
  computeInsuranceClaim,
  computeInterestClaim,
  submittedStatus,
  subsidyClaimStateOf,
  type CoverageConflict,
  type PoolRef,
  type SubsidyClaimRequest,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { parsePolicyTerms } from '../../../libs/domain/src/subsidy-policy';
import { CollateralRepository } from '../../../libs/persistence/src/repositories/collateral/collateral.repository';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { SubsidyPolicyRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-policy.repository';
import { WorkingCalendarRepository } from '../../../libs/persistence/src/repositories/working-calendar.repository';
import {
  subsidyClaimWorkflowId,
  type SubsidyClaimInput,
} from '../../../workflows/subsidy-claim/subsidy-claim.shared';
import { reserveOrWaitlist, timelineEntry } from './subsidy-claim-step';

function duplicateOf(request: SubsidyClaimRequest, first: CoverageConflict): DomainError {
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

/** How many years before the business date's the working calendar is read for a claim window. */
const CLAIM_WINDOW_YEARS_BACK = 5;

/**
 * Reads the loan's facts from PostgreSQL (never the claimant's word), computes the claim under
 * the district's policy in force, and stores it with its coverage and reservation, or refuses:
 * DUPLICATE_SUBSIDY naming the first claim, CLAIM_WINDOW_CLOSED past the policy's filing deadline,
 * NOT_ELIGIBLE with every failure, POLICY_NOT_FOUND, SUBSIDY_HELD_COLLATERAL_IMPAIRED with the
 * reason while the loan's collateral is impaired…
 * A claim already stored (a retry) is answered as it is.
 */
@Injectable()
export class SubmitSubsidyClaimUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly policies: SubsidyPolicyRepository,
    private readonly budget: SubsidyBudgetRepository,
    private readonly workingCalendar: WorkingCalendarRepository,
    private readonly collateral: CollateralRepository,
  ) {}

  async execute(input: SubsidyClaimInput): Promise<SubsidyClaimState> {
    const stored = await this.claims.find(input.claimId);
    if (stored) return subsidyClaimStateOf(stored);
    const grounds = await this.grounds(input);
    const { request, submittedBy, businessDate } = input;
    const { facts, policy, terms, pool, budgetYear } = grounds;
    return this.claims.transaction(async (tx) => {
      const computed = await this.assess(tx, input, grounds);
      const inserted = await this.claims.insert(
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
          // An interest claim stands reserved until the budget says otherwise (just below).
          status: submittedStatus(
            request.kind === 'INTEREST' ? 'SUBMIT' : 'SUBMIT_AWAITING_INSURER',
          ),
          submittedOn: businessDate,
          submittedBy: submittedBy.userId,
          submittedByOrg: submittedBy.organisationId,
          fromInstalment: request.kind === 'INTEREST' ? request.fromInstalment : null,
          toInstalment: request.kind === 'INTEREST' ? request.toInstalment : null,
          periodStart: computed.period?.start ?? null,
          periodEnd: computed.period?.end ?? null,
          insurerOrgId: request.kind === 'INTEREST' ? null : request.insurerOrgId,
          insurancePolicyNumber: request.kind === 'INTEREST' ? null : request.insurancePolicyNumber,
          premiumFen: request.kind === 'INTEREST' ? null : Money.ofYuan(request.premium).fen,
          premiumPaidOn: request.kind === 'INTEREST' ? null : request.premiumPaidOn,
          amountFen: computed.amount.fen,
          limitedBy: computed.limitedBy,
          computation: computed.record,
          proofs: request.proofs,
          claimDeadline: computed.claimDeadline,
        },
        timelineEntry(submittedBy, 'SUBMIT', businessDate, { amount: computed.amount.toYuan() }),
      );
      if (!inserted.ok) {
        // A claim racing this one took the period (or premium) between our check and our insert.
        const first = await this.claims.coverageConflict(
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
        );
        // Not a refusal: the register refused a claim it now shows free, so try again.
        if (!first) throw new Error(`Claim ${input.claimId}: coverage taken by a claim now gone`);
        throw duplicateOf(request, first);
      }
      // An insurance claim reserves once the insurer has confirmed the premium.
      if (request.kind === 'INTEREST') {
        await reserveOrWaitlist(
          { claims: this.claims, budget: this.budget },
          tx,
          { claimId: input.claimId, pool, amount: computed.amount, businessDate },
          { reserved: 'SUBMIT', waitlisted: 'SUBMIT_WAITLISTED' },
        );
      }
      return subsidyClaimStateOf((await this.claims.find(input.claimId, tx))!);
    });
  }
  /**
   * The refusal this claim would meet, without storing or starting anything: the same reads,
   * locks and checks as the submission, in a transaction that is rolled back. The API calls it
   * before it starts a claim's workflow, so that a refused claim leaves nothing behind; the
   * submission checks again when it stores the claim.
   * @throws DomainError the submission's refusal.
   */
  async preflight(input: SubsidyClaimInput): Promise<void> {
    const grounds = await this.grounds(input);
    await this.claims.dryRun((tx) => this.assess(tx, input, grounds));
  }

  /** What the claim is judged on, read outside the transaction: the case, the policy, the calendar. */
  private async grounds(input: SubsidyClaimInput) {
    const { request, submittedBy, businessDate } = input;
    const facts = await this.claims.caseFacts(request.caseNumber);
    if (!facts)
      throw new DomainError('CASE_NOT_FOUND', `No case ${request.caseNumber}`, {
        caseNumber: request.caseNumber,
      });
    checkSubmitter(submittedBy, facts);
    // Impaired collateral holds new claims on the loan until it is sound again.
    const hold = await this.collateral.subsidyHold(request.caseNumber);
    if (hold) {
      throw new DomainError(
        'SUBSIDY_HELD_COLLATERAL_IMPAIRED',
        `New subsidy claims on ${request.caseNumber} are held since ${hold.since}: ${hold.reason}`,
        { caseNumber: request.caseNumber, reason: hold.reason, since: hold.since },
        `该贷款质押物自 ${hold.since} 起受损（${hold.reason}），暂停受理新的补贴申请`,
      );
    }
    const policy = await this.policies.inForce(request.districtCode, request.kind, businessDate);
    if (!policy) {
      throw new DomainError(
        'POLICY_NOT_FOUND',
        `District ${request.districtCode} has no ${request.kind} policy in force on ${businessDate}`,
        { districtCode: request.districtCode, kind: request.kind, businessDate },
      );
    }
    const terms = parsePolicyTerms(policy.kind, policy.terms);
    const lprTable = await this.policies.lprTable();
    // A claim window is counted on the working calendar: the years a claimable day can lie in
    // (a claim covers a few years back at most) up to the year after the business date.
    const budgetYear = Number(businessDate.slice(0, 4));
    const calendar =
      terms.claimWindowWorkingDays != null
        ? await this.workingCalendar.read(budgetYear - CLAIM_WINDOW_YEARS_BACK, budgetYear + 1)
        : null;
    const pool: PoolRef = { districtCode: request.districtCode, kind: request.kind, budgetYear };
    return { facts, policy, terms, lprTable, calendar, pool, budgetYear };
  }

  /**
   * Inside the claim's transaction: locks the enterprise's caps, refuses a duplicate (before
   * eligibility: "already claimed" is the answer that matters) and an ineligible claim, and
   * returns the computation.
   */
  private async assess(
    tx: EntityManager,
    input: SubsidyClaimInput,
    grounds: Awaited<ReturnType<SubmitSubsidyClaimUseCase['grounds']>>,
  ) {
    const { request, businessDate } = input;
    const { facts, policy, terms, lprTable, calendar, budgetYear } = grounds;
    const inForce = {
      id: policy.id,
      version: policy.version,
      districtCode: policy.districtCode,
      terms,
    };
    await this.claims.lockEnterpriseCaps(tx, {
      districtCode: request.districtCode,
      kind: request.kind,
      enterpriseUscc: facts.enterpriseUscc,
    });
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
    const programmesAlreadyClaimed = await this.claims.programmesOnCase(tx, request.caseNumber);
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
            calendar,
          })
        : computeInsuranceClaim({
            policy: inForce,
            facts,
            request,
            businessDate,
            used,
            programmesAlreadyClaimed,
            calendar,
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
    return computed;
  }
}
