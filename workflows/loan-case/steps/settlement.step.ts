/**
 * The end of a defaulted case: the disposal of the pledged IP is started and reports its
 * outcome; once it has one and every claim is paid, the case settles (the proceeds go down the
 * waterfall), the pledge is released and the case closes, writing off what was not recovered.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CompensationClaimPayer } from '../../../libs/domain/src/compensation-claim/compensation-claim.states';
import {
  disposalWaterfall,
  penaltyRateOf,
  settlementInterest,
  settlementInterestInYuan,
} from '../../../libs/domain/src/disposal';
import { positionOf } from '../../../libs/domain/src/loan-account';
import { assertDisposalOutcome } from '../../../libs/domain/src/loan-case/loan-case.rules';
import { checkTransition } from '../../../libs/domain/src/loan-case/loan-case.states';
import type {
  DisposalOutcome,
  Settlement,
} from '../../../libs/domain/src/loan-case/loan-case.types';
import { Money } from '../../../libs/domain/src/money';
import type { LoanDefaultActivities } from '../../../activities/bank/loan-default.activities';
import type { DisposalActivities } from '../../../activities/exchange/disposal.activities';
import type { FundActivities } from '../../../activities/fund/fund.activities';
import type { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import { ACTIVITY_OPTIONS, refuse } from '../../shared/step-kit';
import { takesPatch } from '../loan-case.patches';
import type { CaseContext } from './step-context';
import {
  defaultTermsOf,
  overdueInterest,
} from '../../../libs/domain/src/loan-case/loan-case.default-terms';
import { recordDisposalOutcomeUpdate, startDisposalUpdate } from '../loan-case.shared';

const bank = proxyActivities<LoanDefaultActivities>(ACTIVITY_OPTIONS);
const fund = proxyActivities<FundActivities>(ACTIVITY_OPTIONS);
const registry = proxyActivities<RegistrationOfficeActivities>(ACTIVITY_OPTIONS);
const exchange = proxyActivities<DisposalActivities>(ACTIVITY_OPTIONS);

export function registerSettlementSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const application = state.application;

  /*
   * The disposal is its own workflow (`disposal-<case>`), started by an activity rather than as
   * a child: the case continues as new every few hundred events, and a child belongs to the run
   * that started it, while the disposal has its own lifetime (weeks of rounds and bids) and
   * history. Its id derives from the case number, so a retried start finds it running; it hands
   * its outcome back to the case as an Update, which lands in whichever run is current.
   */
  ctx.caseStep(
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
        rules: defaultTermsOf(application.product).auctionRules,
        startedBy: input.actor,
        businessDate: state.businessDate,
      });
      state.disposal = {
        workflowId,
        startedOn: state.businessDate,
        startedBy: input.actor.userId,
        outcome: null,
      };
      await ctx.transition('START_DISPOSAL', input.actor, { workflowId });
    },
  );

  /** The same outcome sent twice is acknowledged once. */
  function validateOutcome(outcome: DisposalOutcome): void {
    if (state.disposal?.outcome) return;
    const check = checkTransition(state.status, 'RECORD_DISPOSAL_OUTCOME', 'SYSTEM');
    if (!check.allowed) throw refuse(check.code, check.message, { status: state.status });
    assertDisposalOutcome(outcome);
  }

  ctx.kit.step(recordDisposalOutcomeUpdate, {
    validate: validateOutcome,
    perform: async (outcome) => {
      if (state.disposal?.outcome) return state;
      ctx.advanceDate(outcome.on);
      state.disposal!.outcome = outcome;
      await ctx.transition('RECORD_DISPOSAL_OUTCOME', outcome.decidedBy, {
        ...outcome,
        decidedBy: outcome.decidedBy.userId,
      });
      await settleIfReady(ctx);
      return state;
    },
  });
}

/**
 * Settles once the disposal has an outcome and every claim is paid (the waterfall shares the
 * recovery with what the insurer and the fund actually paid, so it waits for them), then
 * releases the pledge and closes the case.
 */
export async function settleIfReady(ctx: CaseContext): Promise<void> {
  const { state } = ctx;
  const outcome = state.disposal?.outcome;
  if (state.status !== 'DISPOSAL' || !outcome) return;
  if ((state.claims ?? []).some((c) => c.status !== 'PAID')) return;
  const waterfall = await settle(ctx, outcome);
  await releaseSettledPledge(ctx, outcome);
  await closeSettled(ctx, outcome, waterfall.unrecovered);
}

/**
 * Runs the waterfall on the proceeds and records where they went (the fund's part credited).
 * The bank's interest is, behind the `settlement-accrued-interest` patch, the scheduled interest
 * due and unpaid plus contract interest accrued since the last due date and penalty interest on
 * overdue principal, all to the settlement date (`settlementInterest`, kept line by line in the
 * settlement); runs settled before the patch used the scheduled interest due and unpaid on the
 * outcome date alone.
 */
async function settle(ctx: CaseContext, outcome: DisposalOutcome) {
  const { state } = ctx;
  const claims = state.claims ?? [];
  const paidBy = (payer: CompensationClaimPayer) =>
    Money.sum(
      claims
        .filter((c) => c.payer === payer && c.payment)
        .map((c) => Money.ofYuan(c.payment!.amount)),
    );
  const loss = state.default!;
  const application = state.application;
  const interest = takesPatch(state, 'settlement-accrued-interest')
    ? settlementInterest({
        schedule: state.schedule,
        repayments: state.repayments,
        annualRate: application.annualRate,
        penaltyRate: penaltyRateOf(
          application.annualRate,
          defaultTermsOf(application.product).penalty,
        ),
        asOf: state.businessDate,
      })
    : null;
  const interestDue =
    interest?.total ??
    overdueInterest(positionOf(state.schedule, state.repayments, outcome.on), outcome.on);
  const input = {
    proceeds: Money.ofYuan(outcome.proceeds),
    costs: Money.ofYuan(outcome.costs),
    interestDue,
    // Principal as fixed at default.
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
    ...(interest && { interestBasis: settlementInterestInYuan(interest) }),
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
  await ctx.transition('SETTLE', null, { ...settlement });
  return waterfall;
}

/**
 * Releases the pledge: realised by the sale, with the transfer to the buyer registered, or
 * waived on a write-off.
 */
async function releaseSettledPledge(ctx: CaseContext, outcome: DisposalOutcome): Promise<void> {
  const { state } = ctx;
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
      assetNumbers: state.application.assets.map((a) => a.number),
      toOwner: outcome.buyer!,
      registeredOn: state.businessDate,
    });
  }
  state.release = {
    requestedOn: state.businessDate,
    cancellationNumber,
    registeredOn: state.businessDate,
  };
  await ctx.transition('RELEASE_SETTLED_PLEDGE', null, {
    ground,
    cancellationNumber,
    transferNumber,
    buyer: outcome.buyer,
  });
}

/** Closes the case, writing off what the proceeds did not cover and releasing fund deposits. */
async function closeSettled(
  ctx: CaseContext,
  outcome: DisposalOutcome,
  unrecovered: Money,
): Promise<void> {
  const { state } = ctx;
  let writeOff: { amount: string; reason: string } | null = null;
  if (unrecovered.isPositive()) {
    writeOff = {
      amount: unrecovered.toYuan(),
      reason:
        outcome.kind === 'SOLD'
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
  for (const claim of state.claims ?? []) {
    if (claim.payment?.deposit && Money.ofYuan(claim.payment.deposit).isPositive())
      await fund.fundReleaseDeposit({ claimId: claim.claimId, on: state.businessDate });
  }
  state.closure = {
    kind: 'CLOSED',
    on: state.businessDate,
    reason: writeOff?.reason ?? null,
    writeOff,
  };
  await ctx.transition('CLOSE', null, { writeOff });
}
