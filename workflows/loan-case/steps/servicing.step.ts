/**
 * The live loan: disbursement builds the schedule, repayments are applied, and every new
 * business date re-assesses the position (overdue, cured, repaid, defaulted).
 */
import { proxyActivities } from '@temporalio/workflow';
import { assertBusinessDate, compareDates } from '../../../libs/domain/src/business-date';
import {
  earlySettlement,
  positionOf,
  type ScheduleRow,
} from '../../../libs/domain/src/loan-account';
import {
  assertDisbursement,
  assertRepayment,
} from '../../../libs/domain/src/loan-case/loan-case.rules';
import {
  AGEING_AFTER_DEFAULT,
  LIVE_LOAN,
  targetOf,
  type CaseStatus,
} from '../../../libs/domain/src/loan-case/loan-case.states';
import { Money } from '../../../libs/domain/src/money';
import { buildSchedule } from '../../../libs/domain/src/schedule';
import type { BankActivities } from '../../../activities/bank/bank.activities';
import { ACTIVITY_OPTIONS } from '../../shared/step-kit';
import { takesPatch } from '../loan-case.patches';
import type { CaseContext } from './step-context';
import {
  applyBusinessDateUpdate,
  disburseUpdate,
  recordRepaymentUpdate,
} from '../loan-case.shared';
import { defaultIfDue, delinquencyOf, trackDelinquency } from './default.step';

const bank = proxyActivities<BankActivities>(ACTIVITY_OPTIONS);

/**
 * Delinquency buckets and the automatic default came with the default track: histories
 * recorded before it (test/fixtures/histories) replay without their commands.
 */
export const DEFAULT_TRACK_PATCH = 'default-track' as const;

/**
 * Runs recorded before it sent the whole schedule with every repayment's booking, and started a
 * case's delinquency track only after the first repayment's transition was projected, so that
 * step answered the whole case. With it only a settlement's booking carries the schedule (it
 * re-cuts it), and the track starts just before the projection, which then carries it: the
 * step answers the small result. One patch for both, as each patch adds events to every run.
 */
export const LEAN_REPAYMENT_PATCH = 'lean-repayment' as const;

/** Whether `reassessPosition` tracks the position of a case in this status. */
const tracksPosition = (status: CaseStatus): boolean =>
  LIVE_LOAN.includes(status) || AGEING_AFTER_DEFAULT.includes(status);

export function registerServicingSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const application = state.application;

  ctx.caseStep(
    disburseUpdate,
    'DISBURSE',
    (input) =>
      assertDisbursement({
        reference: input.reference,
        valueDate: input.valueDate,
        businessDate: input.businessDate,
        registeredOn: state.filings[state.filings.length - 1]?.registeredOn ?? null,
        contractSignedOn: state.contract?.signedOn ?? null,
      }),
    async (input) => {
      const schedule = buildSchedule({
        principal: Money.ofYuan(application.amount),
        annualRate: application.annualRate,
        termMonths: application.termMonths,
        method: application.repaymentMethod,
        startDate: input.valueDate,
        paymentFrequencyMonths: application.paymentFrequencyMonths,
      });
      const rows: ScheduleRow[] = schedule.instalments.map((i) => ({
        seq: i.seq,
        periodStart: i.periodStart,
        dueDate: i.dueDate,
        principal: i.principal.toYuan(),
        interest: i.interest.toYuan(),
      }));
      await bank.recordDisbursement({
        caseNumber: state.caseNumber,
        reference: input.reference,
        amount: application.amount,
        valueDate: input.valueDate,
        schedule: rows,
      });
      state.disbursement = {
        reference: input.reference,
        amount: application.amount,
        valueDate: input.valueDate,
        recordedBy: input.actor.userId,
      };
      state.schedule = rows;
      await ctx.transition('DISBURSE', input.actor, {
        reference: input.reference,
        amount: application.amount,
        totalInterest: schedule.totalInterest.toYuan(),
      });
    },
  );

  ctx.caseStep(
    recordRepaymentUpdate,
    'RECORD_REPAYMENT',
    (input) =>
      assertRepayment(input, {
        schedule: state.schedule,
        repayments: state.repayments,
        annualRate: application.annualRate,
        disbursedOn: state.disbursement!.valueDate,
      }),
    async (input) => {
      // The same bank reference recorded twice is the same payment: acknowledge, never re-apply.
      if (state.repayments.some((r) => r.reference === input.reference)) return;
      const lean = takesPatch(state, LEAN_REPAYMENT_PATCH);
      const amount = Money.ofYuan(input.amount).toYuan();
      if (input.kind === 'SETTLEMENT') {
        state.schedule = earlySettlement(
          state.schedule,
          state.repayments,
          application.annualRate,
          input.valueDate,
        ).schedule;
      }
      await bank.recordRepayment({
        caseNumber: state.caseNumber,
        reference: input.reference,
        amount,
        valueDate: input.valueDate,
        kind: input.kind,
        // Only a settlement's booking writes the schedule (re-cut above).
        ...(input.kind === 'SETTLEMENT' || !lean ? { schedule: state.schedule } : {}),
      });
      state.repayments.push({ reference: input.reference, valueDate: input.valueDate, amount });
      // The track `reassessPosition` starts below, started here instead: the same value.
      if (
        lean &&
        takesPatch(state, DEFAULT_TRACK_PATCH) &&
        tracksPosition(targetOf(state.status, 'RECORD_REPAYMENT'))
      )
        state.delinquency = delinquencyOf(state);
      await ctx.transition('RECORD_REPAYMENT', input.actor, {
        reference: input.reference,
        amount,
        valueDate: input.valueDate,
        kind: input.kind,
      });
      await reassessPosition(ctx);
    },
  );

  /*
   * Sent by the close of business to every live case; completes once the case has re-assessed
   * its position on that date. Older or equal dates change nothing.
   */
  ctx.kit.step(applyBusinessDateUpdate, {
    validate: ({ businessDate }) => void assertBusinessDate(businessDate, 'businessDate'),
    perform: async ({ businessDate }) => {
      if (compareDates(businessDate, state.businessDate) > 0) {
        ctx.advanceDate(businessDate);
        const version = state.version;
        await reassessPosition(ctx);
        // No transition was projected: the read model still needs the new date and position.
        if (state.version === version) await ctx.project();
      }
      return { status: state.status, daysPastDue: state.position?.daysPastDue ?? 0 };
    },
  });
}

/**
 * Overdue, cured, repaid or defaulted, from the schedule and repayments on the case's business
 * date; every move between delinquency buckets is recorded on the way.
 */
export async function reassessPosition(ctx: CaseContext): Promise<void> {
  const { state } = ctx;
  const overdueAfterDays = state.application.product.overdueAfterDays;
  const live = LIVE_LOAN.includes(state.status);
  if (!tracksPosition(state.status)) return;
  const position = positionOf(state.schedule, state.repayments, state.businessDate);
  state.position = position;
  const defaultTrack = takesPatch(state, DEFAULT_TRACK_PATCH);
  if (defaultTrack) await trackDelinquency(ctx, position);
  if (!live) return;
  if (position.fullyRepaid) {
    await ctx.transition('MARK_REPAID', null, {
      lastRepayment: state.repayments[state.repayments.length - 1]?.valueDate ?? null,
    });
  } else if (state.status === 'ACTIVE' && position.daysPastDue >= overdueAfterDays) {
    await ctx.transition('MARK_OVERDUE', null, {
      daysPastDue: position.daysPastDue,
      arrears: position.arrears,
    });
  } else if (state.status === 'OVERDUE' && position.daysPastDue < overdueAfterDays) {
    await ctx.transition('CURE_OVERDUE', null, { daysPastDue: position.daysPastDue });
  }
  if (defaultTrack) await defaultIfDue(ctx, position);
}
