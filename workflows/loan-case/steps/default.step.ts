/**
 * The default: delinquency buckets while the arrears age, the default itself (proposed by a loan
 * officer and confirmed by a credit approver of the bank, or automatic at the product's
 * threshold), the loss it leaves, and the insurer's and the fund's compensation claims filed
 * with it.
 */
import { proxyActivities } from '@temporalio/workflow';
import { addDays, maxDate } from '../../../libs/domain/src/business-date';
import {
  COMPENSATION_CLAIM_TRANSITIONS,
  type CompensationClaimPayer,
} from '../../../libs/domain/src/compensation-claim/compensation-claim.states';
import type { CompensationClaim } from '../../../libs/domain/src/compensation-claim/compensation-claim.types';
import { parseDecimal } from '../../../libs/domain/src/decimal';
import { bucketFor } from '../../../libs/domain/src/delinquency';
import { positionOf, type AccountPosition } from '../../../libs/domain/src/loan-account';
import {
  assertDefaultDecision,
  assertDefaultProposal,
  defaultReasonOf,
  pendingDefaultProposal,
  type DefaultProposal,
  type DefaultReasonCode,
} from '../../../libs/domain/src/loan-case/loan-case.default-proposal';
import { assertReason } from '../../../libs/domain/src/loan-case/loan-case.rules';
import { checkTransition } from '../../../libs/domain/src/loan-case/loan-case.states';
import { Money } from '../../../libs/domain/src/money';
import { lossBase, lossShares, parseRiskScheme } from '../../../libs/domain/src/risk-sharing';
import type {
  CaseSnapshot,
  DelinquencyState,
} from '../../../libs/domain/src/loan-case/loan-case.types';
import type { Actor } from '../../../libs/domain/src/roles';
import type { LoanDefaultActivities } from '../../../activities/bank/loan-default.activities';
import type { FundActivities } from '../../../activities/fund/fund.activities';
import { ACTIVITY_OPTIONS } from '../../shared/step-kit';
import { takesPatch } from '../loan-case.patches';
import type { CaseContext } from './step-context';
import {
  defaultTermsOf,
  overdueInterest,
} from '../../../libs/domain/src/loan-case/loan-case.default-terms';
import {
  confirmDefaultUpdate,
  declareDefaultUpdate,
  rejectDefaultUpdate,
  type DefaultProposalInput,
} from '../loan-case.shared';

const bank = proxyActivities<LoanDefaultActivities>(ACTIVITY_OPTIONS);
const fund = proxyActivities<FundActivities>(ACTIVITY_OPTIONS);

/**
 * Before this patch `declareDefault` defaulted the loan at once; with it the Update records a
 * proposal that a credit approver confirms (`confirmDefault`) or rejects (`rejectDefault`).
 */
export const DEFAULT_PROPOSAL_PATCH = 'default-proposal' as const;

export function registerDefaultSteps(ctx: CaseContext): void {
  const { state } = ctx;
  ctx.kit.step(declareDefaultUpdate, {
    // Who may propose (a loan officer) and what a proposal needs came after declarations were
    // recorded: checked by the validator only, so those histories still replay.
    admit: (input) => {
      ctx.guard('PROPOSE_DEFAULT', input);
      assertDefaultProposal(
        proposalSubmission(ctx, input, maxDate(state.businessDate, input.businessDate)),
      );
    },
    // Re-run in the handler, also where a declaration from before proposals replays.
    validate: (input) => ctx.guard('PROPOSE_DEFAULT', input, { role: false }),
    perform: async (input) => {
      ctx.advanceDate(input.businessDate);
      if (takesPatch(state, DEFAULT_PROPOSAL_PATCH)) {
        await proposeDefault(ctx, input);
      } else {
        assertReason(input.reason, 'Declaring a default needs a reason');
        await enterDefault(ctx, 'DECLARED', input.actor, input.reason.trim());
      }
      return state;
    },
  });

  ctx.caseStep(
    confirmDefaultUpdate,
    'DECLARE_DEFAULT',
    (input) => assertDefaultDecision(state.defaultProposal, input.actor),
    async (input) => {
      const proposal = assertDefaultDecision(state.defaultProposal, input.actor);
      const confirmed = decided(proposal, 'CONFIRMED', input.actor, state.businessDate, null);
      await bank.bankDecideDefaultProposal(decisionRecord(state.caseNumber, confirmed));
      state.defaultProposal = confirmed;
      await enterDefault(ctx, 'DECLARED', input.actor, defaultReasonOf(proposal), confirmed);
    },
  );

  ctx.caseStep(
    rejectDefaultUpdate,
    'REJECT_DEFAULT',
    (input) => {
      assertDefaultDecision(state.defaultProposal, input.actor);
      assertReason(input.reason, 'Rejecting a default proposal needs a reason');
    },
    async (input) => {
      const proposal = assertDefaultDecision(state.defaultProposal, input.actor);
      const rejected = decided(
        proposal,
        'REJECTED',
        input.actor,
        state.businessDate,
        input.reason.trim(),
      );
      await bank.bankDecideDefaultProposal(decisionRecord(state.caseNumber, rejected));
      state.defaultProposal = rejected;
      await ctx.transition('REJECT_DEFAULT', input.actor, {
        proposalId: rejected.proposalId,
        proposedBy: rejected.proposedBy.userId,
        reason: rejected.decisionReason,
      });
    },
  );
}

/** What the proposal rules look at, on the business date `on`. */
function proposalSubmission(ctx: CaseContext, input: DefaultProposalInput, on: string) {
  const { state } = ctx;
  return {
    reasonCode: input.reasonCode,
    reasonText: input.reason,
    on,
    daysPastDue: positionOf(state.schedule, state.repayments, on).daysPastDue,
    overdueAfterDays: state.application.product.overdueAfterDays,
    disbursedOn: state.disbursement?.valueDate ?? null,
    pending: pendingDefaultProposal(state.defaultProposal),
  };
}

/** Records the officer's proposal; the case stays where it is until an approver decides. */
async function proposeDefault(ctx: CaseContext, input: DefaultProposalInput): Promise<void> {
  const { state } = ctx;
  const on = state.businessDate;
  // Checked again under the lock: another proposal may have been recorded meanwhile.
  const submission = proposalSubmission(ctx, input, on);
  assertDefaultProposal(submission);
  const seq = (state.defaultProposal?.seq ?? 0) + 1;
  const text = input.reason?.trim() ?? '';
  const proposal: DefaultProposal = {
    proposalId: `${state.caseNumber}-DP-${seq}`,
    seq,
    proposedBy: input.actor,
    proposedOn: on,
    reasonCode: submission.reasonCode!.trim() as DefaultReasonCode,
    reasonText: text.length > 0 ? text : null,
    daysPastDue: submission.daysPastDue,
    status: 'PENDING',
    decidedBy: null,
    decidedOn: null,
    decisionReason: null,
  };
  await bank.bankRecordDefaultProposal({
    proposalId: proposal.proposalId,
    caseNumber: state.caseNumber,
    seq,
    proposedBy: input.actor.userId,
    proposedOn: on,
    reasonCode: proposal.reasonCode,
    reasonText: proposal.reasonText,
    daysPastDue: proposal.daysPastDue,
  });
  state.defaultProposal = proposal;
  await ctx.transition('PROPOSE_DEFAULT', input.actor, {
    proposalId: proposal.proposalId,
    reasonCode: proposal.reasonCode,
    reasonText: proposal.reasonText,
    daysPastDue: proposal.daysPastDue,
  });
}

function decided(
  proposal: DefaultProposal,
  status: 'CONFIRMED' | 'REJECTED' | 'SUPERSEDED',
  by: Actor | null,
  on: string,
  reason: string | null,
): DefaultProposal {
  return { ...proposal, status, decidedBy: by, decidedOn: on, decisionReason: reason };
}

function decisionRecord(caseNumber: string, p: DefaultProposal) {
  return {
    proposalId: p.proposalId,
    caseNumber,
    status: p.status as 'CONFIRMED' | 'REJECTED' | 'SUPERSEDED',
    decidedBy: p.decidedBy?.userId ?? null,
    decidedOn: p.decidedOn!,
    decisionReason: p.decisionReason,
  };
}

/** The case's delinquency track: its own, or the first bucket's since the disbursement. */
export function delinquencyOf(state: CaseSnapshot): DelinquencyState {
  return (
    state.delinquency ?? {
      bucket: defaultTermsOf(state.application.product).delinquencyBuckets[0]!.code,
      since: state.disbursement?.valueDate ?? state.businessDate,
      history: [],
    }
  );
}

/** Records a move to another delinquency bucket, if the days past due moved the case. */
export async function trackDelinquency(ctx: CaseContext, position: AccountPosition): Promise<void> {
  const { state } = ctx;
  const buckets = defaultTermsOf(state.application.product).delinquencyBuckets;
  const current = delinquencyOf(state);
  state.delinquency = current;
  const bucket = bucketFor(position.daysPastDue, buckets).code;
  if (bucket === current.bucket) return;
  const move = {
    seq: current.history.length + 1,
    from: current.bucket,
    to: bucket,
    daysPastDue: position.daysPastDue,
    on: state.businessDate,
  };
  state.delinquency = { bucket, since: state.businessDate, history: [...current.history, move] };
  await bank.bankRecordBucketMove({ caseNumber: state.caseNumber, ...move });
}

/** Defaults the loan on the business date its days past due reach the product's threshold. */
export async function defaultIfDue(ctx: CaseContext, position: AccountPosition): Promise<void> {
  const { state } = ctx;
  const product = state.application.product;
  const { autoDefault, defaultAfterDays } = defaultTermsOf(product);
  if (!autoDefault || position.fullyRepaid || position.daysPastDue < defaultAfterDays) return;
  if (!checkTransition(state.status, 'AUTO_DEFAULT', 'SYSTEM').allowed) return;
  // A proposal still awaiting an approver is overtaken: the loan defaults by itself.
  const pending = pendingDefaultProposal(state.defaultProposal);
  if (pending) {
    const superseded = decided(
      pending,
      'SUPERSEDED',
      null,
      state.businessDate,
      'automatic default at the threshold',
    );
    await bank.bankDecideDefaultProposal(decisionRecord(state.caseNumber, superseded));
    state.defaultProposal = superseded;
  }
  await enterDefault(
    ctx,
    'AUTOMATIC',
    null,
    `${position.daysPastDue} days past due reached the default threshold of ${defaultAfterDays} days of product ${product.code}`,
  );
}

/**
 * Fixes the loss on the default date (principal outstanding, overdue interest, the scheme's
 * base and each party's share), then files the insurer's and the fund's claims. The
 * guarantor's share is recorded with the default; guarantors have no seat in the system.
 */
async function enterDefault(
  ctx: CaseContext,
  kind: 'DECLARED' | 'AUTOMATIC',
  actor: Actor | null,
  reason: string,
  proposal: DefaultProposal | null = null,
): Promise<void> {
  const { state } = ctx;
  const on = state.businessDate;
  const position = positionOf(state.schedule, state.repayments, on);
  const schemeRow = await fund.fundRiskScheme(
    defaultTermsOf(state.application.product).riskSchemeCode,
  );
  const scheme = parseRiskScheme(schemeRow.terms);
  const principal = Money.ofYuan(position.outstandingPrincipal);
  const interest = overdueInterest(position, on);
  // Cases approved before the share was recorded are secured by the IP alone.
  const ipSecuredShare = state.approval?.ipSecuredShare ?? '1';
  const riskSharing = state.approval!.riskSharing;
  const base = lossBase({
    principalOutstanding: principal,
    interestOutstanding: interest,
    ipSecuredShare: parseDecimal(ipSecuredShare),
    scheme,
  });
  const shares = lossShares(base, riskSharing);
  const nonPerformingSince = position.daysPastDue > 0 ? addDays(on, -position.daysPastDue) : on;
  const sharesYuan = {
    bank: shares.bank.toYuan(),
    insurer: shares.insurer.toYuan(),
    fund: shares.fund.toYuan(),
    guarantor: shares.guarantor.toYuan(),
  };
  state.default = {
    kind,
    on,
    declaredBy: actor,
    reason,
    ...(proposal ? { proposal } : {}),
    daysPastDue: position.daysPastDue,
    nonPerformingSince,
    principalOutstanding: principal.toYuan(),
    interestOutstanding: interest.toYuan(),
    ipSecuredShare,
    riskSharing,
    scheme,
    lossBase: base.toYuan(),
    shares: sharesYuan,
  };
  await bank.bankRecordDefault({
    caseNumber: state.caseNumber,
    kind,
    declaredBy: actor?.userId ?? null,
    reason,
    on,
    daysPastDue: position.daysPastDue,
    nonPerformingSince,
    principalOutstanding: principal.toYuan(),
    interestOutstanding: interest.toYuan(),
    ipSecuredShare,
    riskSharing,
    schemeCode: scheme.code,
    schemeTerms: scheme,
    lossBase: base.toYuan(),
    shares: sharesYuan,
  });
  const superseded = kind === 'AUTOMATIC' ? state.defaultProposal : null;
  await ctx.transition(kind === 'DECLARED' ? 'DECLARE_DEFAULT' : 'AUTO_DEFAULT', actor, {
    reason,
    ...(proposal
      ? { proposalId: proposal.proposalId, proposedBy: proposal.proposedBy.userId }
      : {}),
    ...(superseded?.status === 'SUPERSEDED' && superseded.decidedOn === on
      ? { supersededProposalId: superseded.proposalId }
      : {}),
    daysPastDue: position.daysPastDue,
    principalOutstanding: principal.toYuan(),
    interestOutstanding: interest.toYuan(),
    lossBase: base.toYuan(),
    shares: sharesYuan,
    scheme: scheme.code,
  });

  const claims: CompensationClaim[] = [];
  const claim = (
    payer: CompensationClaimPayer,
    share: Money,
    payerOrgId: string,
    fundCode: string | null,
    cap: string | null,
    eligibleOn: string,
  ): CompensationClaim => ({
    claimId: `${state.caseNumber}-${payer === 'FUND' ? 'FUND' : 'INS'}`,
    payer,
    payerOrgId,
    fundCode,
    share: share.toYuan(),
    cap,
    // A claim is born in the status its FILE row leads to.
    status: COMPENSATION_CLAIM_TRANSITIONS.FILE.to,
    filedOn: on,
    eligibleOn,
    steps: [],
    payment: null,
  });
  if (shares.insurer.isPositive())
    claims.push(
      claim(
        'INSURER',
        shares.insurer,
        schemeRow.insurerOrgId,
        null,
        scheme.caps.insurerPerClaim,
        on,
      ),
    );
  if (shares.fund.isPositive()) {
    // The fund may be claimed once the loan has been non-performing for the scheme's days.
    const eligibleOn = maxDate(on, addDays(nonPerformingSince, scheme.triggerDaysNonPerforming));
    claims.push(
      claim(
        'FUND',
        shares.fund,
        schemeRow.fundOrgId,
        schemeRow.fundCode,
        scheme.caps.fundPerClaim,
        eligibleOn,
      ),
    );
  }
  await bank.bankFileCompensationClaims(
    claims.map((c) => ({
      claimId: c.claimId,
      caseNumber: state.caseNumber,
      payer: c.payer,
      payerOrgId: c.payerOrgId,
      fundCode: c.fundCode,
      share: c.share,
      cap: c.cap,
      filedOn: c.filedOn,
      eligibleOn: c.eligibleOn,
    })),
  );
  state.claims = claims;
  await ctx.transition('OPEN_COMPENSATION', null, {
    claims: claims.map((c) => ({
      claimId: c.claimId,
      payer: c.payer,
      payerOrgId: c.payerOrgId,
      share: c.share,
      cap: c.cap,
      eligibleOn: c.eligibleOn,
    })),
  });
}
