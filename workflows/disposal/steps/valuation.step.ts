import { addMonthsClamped } from '../../../libs/domain/src/business-date';
import {
  checkDisposalValuationReport,
  disposalFloor,
  disposalValuationTotals,
} from '../../../libs/domain/src/disposal';
import { submitDisposalValuationUpdate } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/** A refreshed valuation by the case's firm when the last one expired; it sets the floor. */
export function registerValuationStep(ctx: DisposalStepContext): void {
  const { state, input } = ctx;
  ctx.kit.step(submitDisposalValuationUpdate, {
    catchUp: ctx.catchUp,
    validate: (v) => {
      checkStep(ctx, v, ['SUBMIT_VALUATION']);
      checkDisposalValuationReport(v, input.assets);
    },
    perform: async (v) => {
      const { total, maxLoan } = disposalValuationTotals(
        v.assets,
        input.assets,
        input.ltvByAssetKind,
      );
      const validUntil =
        v.validUntil ?? addMonthsClamped(v.baseDate, input.valuationValidityMonths);
      await ctx.activities.valuation.recordValuationReport({
        caseNumber: state.caseNumber,
        report: {
          reportNumber: v.reportNumber,
          firmOrgId: v.actor.organisationId,
          evaluatorUserId: v.actor.userId,
          method: v.method,
          baseDate: v.baseDate,
          validUntil,
          assets: v.assets,
          totalValue: total.toYuan(),
          maxLoan: maxLoan.toYuan(),
          submittedOn: state.businessDate,
        },
      });
      state.valuation = {
        reportNumber: v.reportNumber,
        totalValue: total.toYuan(),
        baseDate: v.baseDate,
        validUntil,
        source: 'REFRESHED',
        submittedBy: v.actor.userId,
      };
      state.floor = disposalFloor(total, state.rules).toYuan();
      ctx.move('SUBMIT_VALUATION');
      await ctx.record('SUBMIT_VALUATION', v.actor, {
        reportNumber: v.reportNumber,
        method: v.method,
        totalValue: total.toYuan(),
        validUntil,
        floor: state.floor,
      });
      return state;
    },
  });
}
