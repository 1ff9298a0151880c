/**
 * The compensation claims filed at default: the insurer confirms and pays its claim, the fund
 * manager reviews (once the trigger days have passed) and pays the fund's. Each step moves the
 * claim by the claim's own table and records a case event that keeps the case's status; the
 * last payment may let the case settle.
 */
import { proxyActivities } from '@temporalio/workflow';
import {
  assertFundTriggerReached,
  assertPayerIsNotChecker,
  assertPaymentReference,
  assertReferenceUnused,
  claimForStep,
  isRecordedPayment,
} from '../../../libs/domain/src/compensation-claim/compensation-claim.rules';
import {
  claimTargetOf,
  type CompensationClaimEvent,
  type CompensationClaimPayer,
} from '../../../libs/domain/src/compensation-claim/compensation-claim.states';
import type {
  CompensationClaim,
  CompensationClaimPayment,
  CompensationClaimStep,
} from '../../../libs/domain/src/compensation-claim/compensation-claim.types';
import type { CaseEvent } from '../../../libs/domain/src/loan-case/loan-case.states';
import type { Actor } from '../../../libs/domain/src/roles';
import type { FundActivities } from '../../../activities/fund/fund.activities';
import type { InsuranceActivities } from '../../../activities/insurance/insurance.activities';
import { ACTIVITY_OPTIONS } from '../../shared/step-kit';
import type { CaseContext } from './step-context';
import {
  confirmInsuranceClaimUpdate,
  payFundClaimUpdate,
  payInsuranceClaimUpdate,
  reviewFundClaimUpdate,
  type CompensationClaimPaymentInput,
  type CompensationClaimStepInput,
} from '../loan-case.shared';
import { settleIfReady } from './settlement.step';

const insurance = proxyActivities<InsuranceActivities>(ACTIVITY_OPTIONS);
const fund = proxyActivities<FundActivities>(ACTIVITY_OPTIONS);

export function registerCompensationSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const claimFor = (
    input: CompensationClaimStepInput,
    payer: CompensationClaimPayer,
    event: CompensationClaimEvent,
  ): CompensationClaim => claimForStep(state.claims ?? [], state.caseNumber, input, payer, event);
  const alreadyPaid = (input: CompensationClaimPaymentInput): boolean =>
    isRecordedPayment(state.claims ?? [], input);
  const stepRecord = (claim: CompensationClaim, event: CompensationClaimEvent, actor: Actor) => ({
    status: claimTargetOf(claim.status, event),
    userId: actor.userId,
    role: actor.role,
    on: state.businessDate,
    at: new Date().toISOString(),
  });
  /** Moves the claim by its table and records the case event (the case keeps its status). */
  async function moveClaim(
    claim: CompensationClaim,
    step: CompensationClaimStep,
    caseEvent: CaseEvent,
    actor: Actor,
    payload: Record<string, unknown>,
    payment?: CompensationClaimPayment,
  ): Promise<void> {
    claim.status = step.status;
    if (payment) claim.payment = payment;
    claim.steps.push(step);
    await ctx.transition(caseEvent, actor, { claimId: claim.claimId, ...payload });
  }

  ctx.caseStep(
    confirmInsuranceClaimUpdate,
    'CONFIRM_INSURANCE_CLAIM',
    (input) => void claimFor(input, 'INSURER', 'CONFIRM'),
    async (input) => {
      const claim = claimFor(input, 'INSURER', 'CONFIRM');
      const step = stepRecord(claim, 'CONFIRM', input.actor);
      await insurance.insuranceConfirmClaim({ claimId: claim.claimId, step });
      await moveClaim(claim, step, 'CONFIRM_INSURANCE_CLAIM', input.actor, {});
    },
  );

  ctx.caseStep(
    payInsuranceClaimUpdate,
    'PAY_INSURANCE_CLAIM',
    (input) => {
      assertPaymentReference(input.reference);
      if (!alreadyPaid(input)) claimFor(input, 'INSURER', 'PAY_INSURANCE');
    },
    async (input) => {
      if (alreadyPaid(input)) return;
      const claim = claimFor(input, 'INSURER', 'PAY_INSURANCE');
      const step = stepRecord(claim, 'PAY_INSURANCE', input.actor);
      const payment = await insurance.insurancePayClaim({
        claimId: claim.claimId,
        caseNumber: state.caseNumber,
        reference: input.reference,
        share: claim.share,
        cap: claim.cap,
        step,
      });
      await recordPayment(claim, payment, step, 'PAY_INSURANCE_CLAIM', input.actor);
    },
    // Four eyes and the payer's unique reference (added after the first histories were
    // recorded: validator only).
    (input) => {
      if (alreadyPaid(input)) return;
      const claim = claimFor(input, 'INSURER', 'PAY_INSURANCE');
      assertPayerIsNotChecker(claim, input.actor.userId);
      assertReferenceUnused(state.claims ?? [], claim, input.reference);
    },
  );

  ctx.caseStep(
    reviewFundClaimUpdate,
    'REVIEW_FUND_CLAIM',
    (input) =>
      assertFundTriggerReached(
        claimFor(input, 'FUND', 'REVIEW'),
        input.businessDate,
        state.default?.scheme.triggerDaysNonPerforming,
      ),
    async (input) => {
      const claim = claimFor(input, 'FUND', 'REVIEW');
      const step = stepRecord(claim, 'REVIEW', input.actor);
      await fund.fundReviewClaim({ claimId: claim.claimId, step });
      await moveClaim(claim, step, 'REVIEW_FUND_CLAIM', input.actor, {});
    },
  );

  ctx.caseStep(
    payFundClaimUpdate,
    'PAY_FUND_CLAIM',
    (input) => {
      assertPaymentReference(input.reference);
      if (!alreadyPaid(input)) claimFor(input, 'FUND', 'PAY_FUND');
    },
    async (input) => {
      if (alreadyPaid(input)) return;
      const claim = claimFor(input, 'FUND', 'PAY_FUND');
      const step = stepRecord(claim, 'PAY_FUND', input.actor);
      const payment = await fund.fundPayClaim({
        claimId: claim.claimId,
        caseNumber: state.caseNumber,
        fundCode: claim.fundCode!,
        reference: input.reference,
        share: claim.share,
        cap: claim.cap,
        depositRatio: state.default!.scheme.depositRatio,
        step,
      });
      await recordPayment(claim, payment, step, 'PAY_FUND_CLAIM', input.actor);
    },
    // Four eyes and the payer's unique reference (added after the first histories were
    // recorded: validator only).
    (input) => {
      if (alreadyPaid(input)) return;
      const claim = claimFor(input, 'FUND', 'PAY_FUND');
      assertPayerIsNotChecker(claim, input.actor.userId);
      assertReferenceUnused(state.claims ?? [], claim, input.reference);
    },
  );

  async function recordPayment(
    claim: CompensationClaim,
    payment: CompensationClaimPayment,
    step: CompensationClaimStep,
    event: 'PAY_INSURANCE_CLAIM' | 'PAY_FUND_CLAIM',
    actor: Actor,
  ): Promise<void> {
    await moveClaim(
      claim,
      step,
      event,
      actor,
      {
        reference: payment.reference,
        share: claim.share,
        amount: payment.amount,
        limitedBy: payment.limitedBy,
        deposit: payment.deposit,
      },
      payment,
    );
    await settleIfReady(ctx);
  }
}
