/**
 * The default track of a loan case (DESIGN §3 stages 9–11): delinquency buckets, the default and
 * the loss it leaves, the insurance and risk-compensation claims, the start of the disposal and,
 * once it reports its outcome, settlement, release of the pledge and closure with the write-off.
 * Runs inside the loan-case workflow: it registers its steps through the workflow's own `step`
 * and moves the case through its `transition`, so the timeline and the read model stay one.
 */
import { proxyActivities, setHandler, type defineUpdate } from '@temporalio/workflow';
import { addDays, compareDates, maxDate } from '../../libs/domain/src/business-date';
import {
  checkTransition,
  type CaseEvent,
  type CaseStatus,
} from '../../libs/domain/src/case-state-machine';
import { parseDecimal } from '../../libs/domain/src/decimal';
import { bucketFor } from '../../libs/domain/src/delinquency';
import { DISPOSAL_METHODS, disposalWaterfall } from '../../libs/domain/src/disposal';
import { positionOf, type AccountPosition } from '../../libs/domain/src/loan-account';
import { Money } from '../../libs/domain/src/money';
import { lossBase, lossShares, parseRiskScheme } from '../../libs/domain/src/risk-sharing';
import type { Actor } from '../../libs/domain/src/roles';
import type { LoanDefaultActivities } from '../../activities/bank/loan-default.activities';
import type { DisposalActivities } from '../../activities/exchange/disposal.activities';
import type { FundActivities } from '../../activities/fund/fund.activities';
import type { InsuranceActivities } from '../../activities/insurance/insurance.activities';
import type { RegistrationOfficeActivities } from '../../activities/registration-office/registration-office.activities';
import { ACTIVITY_OPTIONS, asFailure, refuse } from '../shared/step-kit';
import { defaultTermsOf, overdueInterest } from './default-terms';
import {
  confirmInsuranceClaimUpdate,
  declareDefaultUpdate,
  payFundClaimUpdate,
  payInsuranceClaimUpdate,
  recordDisposalOutcomeUpdate,
  reviewFundClaimUpdate,
  startDisposalUpdate,
  type CaseSnapshot,
  type ClaimPayer,
  type ClaimPaymentInput,
  type ClaimStatus,
  type ClaimStepInput,
  type CompensationClaim,
  type DisposalOutcome,
  type Settlement,
  type StepInput,
} from './loan-case.shared';

const bank = proxyActivities<LoanDefaultActivities>(ACTIVITY_OPTIONS);
const insurance = proxyActivities<InsuranceActivities>(ACTIVITY_OPTIONS);
const fund = proxyActivities<FundActivities>(ACTIVITY_OPTIONS);
const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);
const exchange = proxyActivities<DisposalActivities>(ACTIVITY_OPTIONS);

type CaseUpdate<I> = ReturnType<typeof defineUpdate<CaseSnapshot, [I]>>;

/** What the default track needs from the loan-case workflow it runs in. */
export interface CaseContext {
  state: CaseSnapshot;
  step<I extends StepInput>(
    definition: CaseUpdate<I>,
    event: CaseEvent,
    validate: (input: I) => void,
    perform: (input: I) => Promise<void>,
  ): void;
  transition(
    event: CaseEvent,
    to: CaseStatus,
    actor: Actor | null,
    payload?: Record<string, unknown>,
  ): Promise<void>;
  serially<T>(work: () => Promise<T>): Promise<T>;
  advanceDate(date: string): void;
}

export interface DefaultTrack {
  /** Records a move to another delinquency bucket, if the days past due moved the case. */
  trackDelinquency(position: AccountPosition): Promise<void>;
  /** Defaults the loan on the business date its days past due reach the product's threshold. */
  defaultIfDue(position: AccountPosition): Promise<void>;
  /** Which claim steps the actor could take now (for the allowed-actions query). */
  claimStepAvailable(event: CaseEvent, actor: Actor): boolean;
}

/** Registers the default track's Updates on the case and returns the hooks the case calls. */
export function installDefaultTrack(ctx: CaseContext): DefaultTrack {
  const { state } = ctx;
  const application = state.application;
  const terms = () => defaultTermsOf(application.product);

  async function trackDelinquency(position: AccountPosition): Promise<void> {
    const buckets = terms().delinquencyBuckets;
    const current = state.delinquency ?? {
      bucket: buckets[0]!.code,
      since: state.disbursement?.valueDate ?? state.businessDate,
      history: [],
    };
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

  async function defaultIfDue(position: AccountPosition): Promise<void> {
    const { autoDefault, defaultAfterDays } = terms();
    if (!autoDefault || position.fullyRepaid || position.daysPastDue < defaultAfterDays) return;
    if (!checkTransition(state.status, 'AUTO_DEFAULT', 'SYSTEM').allowed) return;
    await enterDefault(
      'AUTOMATIC',
      null,
      `${position.daysPastDue} days past due reached the default threshold of ${defaultAfterDays} days of product ${application.product.code}`,
    );
  }

  /**
   * Fixes the loss on the default date (principal outstanding, overdue interest, the scheme's
   * base and each party's share), then files the insurer's and the fund's claims. The
   * guarantor's share is recorded with the default; guarantors have no seat in the system.
   */
  async function enterDefault(
    kind: 'DECLARED' | 'AUTOMATIC',
    actor: Actor | null,
    reason: string,
  ): Promise<void> {
    const on = state.businessDate;
    const position = positionOf(state.schedule, state.repayments, on);
    const schemeRow = await fund.fundRiskScheme(terms().riskSchemeCode);
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
    await ctx.transition(
      kind === 'DECLARED' ? 'DECLARE_DEFAULT' : 'AUTO_DEFAULT',
      'DEFAULTED',
      actor,
      {
        reason,
        daysPastDue: position.daysPastDue,
        principalOutstanding: principal.toYuan(),
        interestOutstanding: interest.toYuan(),
        lossBase: base.toYuan(),
        shares: sharesYuan,
        scheme: scheme.code,
      },
    );

    const claims: CompensationClaim[] = [];
    const claim = (
      payer: ClaimPayer,
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
      status: 'FILED',
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
    await ctx.transition('OPEN_COMPENSATION', 'COMPENSATION', null, {
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

  ctx.step(
    declareDefaultUpdate,
    'DECLARE_DEFAULT',
    (input) => {
      if (typeof input.reason !== 'string' || input.reason.trim().length === 0)
        throw refuse('REASON_REQUIRED', 'Declaring a default needs a reason');
    },
    (input) => enterDefault('DECLARED', input.actor, input.reason.trim()),
  );

  // --- compensation claims -------------------------------------------------------------------

  /** The claim the step is about, checked against payer, organisation and expected status. */
  function claimFor(input: ClaimStepInput, payer: ClaimPayer, expected: ClaimStatus) {
    const claim = state.claims?.find((c) => c.claimId === input.claimId && c.payer === payer);
    if (!claim)
      throw refuse(
        'CLAIM_NOT_FOUND',
        `No ${payer === 'FUND' ? 'risk-compensation' : 'insurance'} claim ${input.claimId} on case ${state.caseNumber}`,
        { claimId: input.claimId },
      );
    if (claim.payerOrgId !== input.actor.organisationId)
      throw refuse(
        'ORGANISATION_FORBIDDEN',
        `Claim ${claim.claimId} is payable by ${claim.payerOrgId}, not ${input.actor.organisationId}`,
      );
    if (claim.status !== expected)
      throw refuse(
        'INVALID_CLAIM_STATUS',
        `Claim ${claim.claimId} is ${claim.status}; this step needs it ${expected}`,
        { claimId: claim.claimId, status: claim.status, expected },
      );
    return claim;
  }

  /** The same payment reference sent again is the same payment: acknowledged, never re-applied. */
  function alreadyPaid(input: ClaimPaymentInput): boolean {
    const claim = state.claims?.find((c) => c.claimId === input.claimId);
    return claim?.status === 'PAID' && claim.payment?.reference === input.reference;
  }

  function stepRecord(status: ClaimStatus, actor: Actor) {
    return {
      status,
      userId: actor.userId,
      role: actor.role,
      on: state.businessDate,
      at: new Date().toISOString(),
    };
  }

  const referenceRequired = (input: ClaimPaymentInput) => {
    if (!input.reference) throw refuse('VALIDATION_FAILED', 'reference is required');
  };

  ctx.step(
    confirmInsuranceClaimUpdate,
    'CONFIRM_INSURANCE_CLAIM',
    (input) => void claimFor(input, 'INSURER', 'FILED'),
    async (input) => {
      const claim = claimFor(input, 'INSURER', 'FILED');
      const step = stepRecord('CONFIRMED', input.actor);
      await insurance.insuranceConfirmClaim({ claimId: claim.claimId, step });
      claim.status = 'CONFIRMED';
      claim.steps.push(step);
      await ctx.transition('CONFIRM_INSURANCE_CLAIM', state.status, input.actor, {
        claimId: claim.claimId,
      });
    },
  );

  ctx.step(
    payInsuranceClaimUpdate,
    'PAY_INSURANCE_CLAIM',
    (input) => {
      referenceRequired(input);
      if (!alreadyPaid(input)) claimFor(input, 'INSURER', 'CONFIRMED');
    },
    async (input) => {
      if (alreadyPaid(input)) return;
      const claim = claimFor(input, 'INSURER', 'CONFIRMED');
      const step = stepRecord('PAID', input.actor);
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
  );

  function fundTriggerReached(claim: CompensationClaim, businessDate: string): boolean {
    return compareDates(businessDate, claim.eligibleOn) >= 0;
  }

  ctx.step(
    reviewFundClaimUpdate,
    'REVIEW_FUND_CLAIM',
    (input) => {
      const claim = claimFor(input, 'FUND', 'FILED');
      if (!fundTriggerReached(claim, input.businessDate))
        throw refuse(
          'FUND_TRIGGER_NOT_REACHED',
          `The fund may be claimed from ${claim.eligibleOn}, after ${state.default?.scheme.triggerDaysNonPerforming} days non-performing`,
          {
            eligibleOn: claim.eligibleOn,
            triggerDaysNonPerforming: state.default?.scheme.triggerDaysNonPerforming,
          },
        );
    },
    async (input) => {
      const claim = claimFor(input, 'FUND', 'FILED');
      const step = stepRecord('REVIEWED', input.actor);
      await fund.fundReviewClaim({ claimId: claim.claimId, step });
      claim.status = 'REVIEWED';
      claim.steps.push(step);
      await ctx.transition('REVIEW_FUND_CLAIM', state.status, input.actor, {
        claimId: claim.claimId,
      });
    },
  );

  ctx.step(
    payFundClaimUpdate,
    'PAY_FUND_CLAIM',
    (input) => {
      referenceRequired(input);
      if (!alreadyPaid(input)) claimFor(input, 'FUND', 'REVIEWED');
    },
    async (input) => {
      if (alreadyPaid(input)) return;
      const claim = claimFor(input, 'FUND', 'REVIEWED');
      const step = stepRecord('PAID', input.actor);
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
  );

  async function recordPayment(
    claim: CompensationClaim,
    payment: NonNullable<CompensationClaim['payment']>,
    step: CompensationClaim['steps'][number],
    event: 'PAY_INSURANCE_CLAIM' | 'PAY_FUND_CLAIM',
    actor: Actor,
  ): Promise<void> {
    claim.status = 'PAID';
    claim.payment = payment;
    claim.steps.push(step);
    await ctx.transition(event, state.status, actor, {
      claimId: claim.claimId,
      reference: payment.reference,
      share: claim.share,
      amount: payment.amount,
      limitedBy: payment.limitedBy,
      deposit: payment.deposit,
    });
    await settleIfReady();
  }

  // --- disposal ------------------------------------------------------------------------------

  /*
   * The disposal is its own workflow (`disposal-<case>`), started by an activity rather than as
   * a child: the case continues as new every few hundred events, and a child belongs to the run
   * that started it, while the disposal has its own lifetime (weeks of rounds and bids) and
   * history. Its id derives from the case number, so a retried start finds it running; it hands
   * its outcome back to the case as an Update, which lands in whichever run is current.
   */
  ctx.step(
    startDisposalUpdate,
    'START_DISPOSAL',
    () => {
      if (state.disposal) throw refuse('DISPOSAL_ALREADY_STARTED', 'The disposal has started');
    },
    async (input) => {
      const latest = state.valuations[state.valuations.length - 1] ?? null;
      const workflowId = await exchange.exchangeStartDisposal({
        caseNumber: state.caseNumber,
        bankOrgId: application.bankOrgId,
        pledgorUscc: application.enterprise.uscc,
        assets: application.assets.map((a) => ({ kind: a.kind, number: a.number })),
        valuationFirmOrgId: state.valuationRequest?.firmOrgId ?? latest?.firmOrgId ?? null,
        valuationValidityMonths: application.product.valuationValidityMonths,
        ltvByAssetKind: application.product.ltvByAssetKind,
        latestValuation: latest && {
          reportNumber: latest.reportNumber,
          totalValue: latest.totalValue,
          baseDate: latest.baseDate,
          validUntil: latest.validUntil,
        },
        rules: terms().auctionRules,
        startedBy: input.actor,
        businessDate: state.businessDate,
      });
      state.disposal = {
        workflowId,
        startedOn: state.businessDate,
        startedBy: input.actor.userId,
        outcome: null,
      };
      await ctx.transition('START_DISPOSAL', 'DISPOSAL', input.actor, { workflowId });
    },
  );

  function validateOutcome(outcome: DisposalOutcome): void {
    if (state.disposal?.outcome) return;
    const check = checkTransition(state.status, 'RECORD_DISPOSAL_OUTCOME', 'SYSTEM');
    if (!check.allowed) throw refuse(check.code, check.message, { status: state.status });
    if (outcome.kind === 'SOLD' && !outcome.buyer)
      throw refuse('VALIDATION_FAILED', 'A sale names its buyer');
    if (outcome.kind === 'WRITTEN_OFF' && !outcome.reason?.trim())
      throw refuse('REASON_REQUIRED', 'A write-off needs a reason');
    if (outcome.method !== null && !DISPOSAL_METHODS.includes(outcome.method))
      throw refuse('INVALID_DISPOSAL_METHOD', `Unknown disposal method ${outcome.method}`);
    Money.ofYuan(outcome.proceeds);
    Money.ofYuan(outcome.costs);
  }

  setHandler(
    recordDisposalOutcomeUpdate,
    (outcome) =>
      ctx.serially(async () => {
        if (state.disposal?.outcome) return state;
        try {
          validateOutcome(outcome);
          ctx.advanceDate(outcome.on);
          state.disposal!.outcome = outcome;
          await ctx.transition('RECORD_DISPOSAL_OUTCOME', state.status, outcome.decidedBy, {
            ...outcome,
            decidedBy: outcome.decidedBy.userId,
          });
          await settleIfReady();
        } catch (error) {
          throw asFailure(error);
        }
        return state;
      }),
    {
      validator: (outcome) => {
        try {
          validateOutcome(outcome);
        } catch (error) {
          throw asFailure(error);
        }
      },
    },
  );

  /**
   * Settles once the disposal has an outcome and every claim is paid (the waterfall shares the
   * recovery with what the insurer and the fund actually paid, so it waits for them), then
   * releases the pledge — realised by the sale, with the transfer registered, or waived on a
   * write-off — and closes the case, writing off what the proceeds did not cover.
   */
  async function settleIfReady(): Promise<void> {
    const outcome = state.disposal?.outcome;
    if (state.status !== 'DISPOSAL' || !outcome) return;
    const claims = state.claims ?? [];
    if (claims.some((c) => c.status !== 'PAID')) return;
    const paidBy = (payer: ClaimPayer) =>
      Money.sum(
        claims
          .filter((c) => c.payer === payer && c.payment)
          .map((c) => Money.ofYuan(c.payment!.amount)),
      );
    const loss = state.default!;
    // The bank's overdue interest as of the disposal's outcome; principal as fixed at default.
    const interestDue = overdueInterest(
      positionOf(state.schedule, state.repayments, outcome.on),
      outcome.on,
    );
    const input = {
      proceeds: Money.ofYuan(outcome.proceeds),
      costs: Money.ofYuan(outcome.costs),
      interestDue,
      principalDue: Money.ofYuan(loss.principalOutstanding),
      fundPaid: paidBy('FUND'),
      insurerPaid: paidBy('INSURER'),
    };
    const waterfall = disposalWaterfall(input);
    const settlement: Settlement = {
      settledOn: state.businessDate,
      proceeds: input.proceeds.toYuan(),
      interestDue: input.interestDue.toYuan(),
      principalDue: input.principalDue.toYuan(),
      fundPaid: input.fundPaid.toYuan(),
      insurerPaid: input.insurerPaid.toYuan(),
      costs: waterfall.costs.toYuan(),
      bankInterest: waterfall.bankInterest.toYuan(),
      bankPrincipal: waterfall.bankPrincipal.toYuan(),
      fund: waterfall.fund.toYuan(),
      insurer: waterfall.insurer.toYuan(),
      pledgor: waterfall.pledgor.toYuan(),
      unrecovered: waterfall.unrecovered.toYuan(),
    };
    await bank.bankRecordDistribution({
      caseNumber: state.caseNumber,
      outcome: outcome.kind,
      method: outcome.method,
      buyer: outcome.buyer,
      ...settlement,
    });
    const fundClaim = claims.find((c) => c.payer === 'FUND');
    if (fundClaim && waterfall.fund.isPositive()) {
      await fund.fundCreditRecovery({
        fundCode: fundClaim.fundCode!,
        caseNumber: state.caseNumber,
        amount: settlement.fund,
      });
    }
    state.settlement = settlement;
    await ctx.transition('SETTLE', 'SETTLED', null, { ...settlement });

    const sold = outcome.kind === 'SOLD';
    const cancellationNumber = `${state.caseNumber}-C`;
    const transferNumber = sold ? `${state.caseNumber}-T` : null;
    const ground = sold ? 'PLEDGE_REALISED' : 'PLEDGEE_WAIVED';
    await registry.releasePledge({
      caseNumber: state.caseNumber,
      cancellationNumber,
      registeredOn: state.businessDate,
      ground,
    });
    if (transferNumber) {
      await registry.registerAssetTransfer({
        caseNumber: state.caseNumber,
        transferNumber,
        assetNumbers: application.assets.map((a) => a.number),
        toOwner: outcome.buyer!,
        registeredOn: state.businessDate,
      });
    }
    state.release = {
      requestedOn: state.businessDate,
      cancellationNumber,
      registeredOn: state.businessDate,
    };
    await ctx.transition('RELEASE_SETTLED_PLEDGE', 'SETTLED', null, {
      ground,
      cancellationNumber,
      transferNumber,
      buyer: outcome.buyer,
    });

    let writeOff: { amount: string; reason: string } | null = null;
    if (waterfall.unrecovered.isPositive()) {
      writeOff = {
        amount: settlement.unrecovered,
        reason: sold
          ? `Shortfall after the disposal of the pledged IP (${outcome.method} to ${outcome.buyer} for ${outcome.proceeds})`
          : outcome.reason!,
      };
      await bank.bankRecordWriteOff({
        caseNumber: state.caseNumber,
        ...writeOff,
        on: state.businessDate,
      });
    }
    // Deposit model: the deposit is paid out for good once the loan is written off and closed.
    for (const claim of claims) {
      if (claim.payment?.deposit && Money.ofYuan(claim.payment.deposit).isPositive())
        await fund.fundReleaseDeposit({ claimId: claim.claimId, on: state.businessDate });
    }
    state.closure = {
      kind: 'CLOSED',
      on: state.businessDate,
      reason: writeOff?.reason ?? null,
      writeOff,
    };
    await ctx.transition('CLOSE', 'CLOSED', null, { writeOff });
  }

  function claimStepAvailable(event: CaseEvent, actor: Actor): boolean {
    const mine = (payer: ClaimPayer, status: ClaimStatus) =>
      (state.claims ?? []).filter(
        (c) => c.payer === payer && c.status === status && c.payerOrgId === actor.organisationId,
      );
    switch (event) {
      case 'CONFIRM_INSURANCE_CLAIM':
        return mine('INSURER', 'FILED').length > 0;
      case 'PAY_INSURANCE_CLAIM':
        return mine('INSURER', 'CONFIRMED').length > 0;
      case 'REVIEW_FUND_CLAIM':
        return mine('FUND', 'FILED').some((c) => fundTriggerReached(c, state.businessDate));
      case 'PAY_FUND_CLAIM':
        return mine('FUND', 'REVIEWED').length > 0;
      case 'START_DISPOSAL':
        return !state.disposal;
      default:
        return true;
    }
  }

  return { trackDelinquency, defaultIfDue, claimStepAvailable };
}
