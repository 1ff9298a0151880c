/** Valuation: the bank asks a firm for a report; the firm's evaluator submits it. */
import { proxyActivities } from '@temporalio/workflow';
import {
  assertValuationReport,
  valuationFigures,
} from '../../../libs/domain/src/loan-case/loan-case.rules';
import type { ValuationReport } from '../../../libs/domain/src/loan-case/loan-case.types';
import type { ValuationActivities } from '../../../activities/valuation/valuation.activities';
import { ACTIVITY_OPTIONS, refuse } from '../../shared/step-kit';
import type { CaseContext } from './step-context';
import { requestValuationUpdate, submitValuationUpdate } from '../loan-case.shared';

const valuation = proxyActivities<ValuationActivities>(ACTIVITY_OPTIONS);

export function registerValuationSteps(ctx: CaseContext): void {
  const { state } = ctx;
  const application = state.application;

  ctx.caseStep(
    requestValuationUpdate,
    'REQUEST_VALUATION',
    (input) => {
      if (!input.firmOrgId) throw refuse('VALIDATION_FAILED', 'firmOrgId is required');
    },
    async (input) => {
      state.valuationRequest = {
        firmOrgId: input.firmOrgId,
        requestedOn: state.businessDate,
        requestedBy: input.actor.userId,
      };
      await ctx.transition('REQUEST_VALUATION', input.actor, { firmOrgId: input.firmOrgId });
    },
  );

  ctx.caseStep(
    submitValuationUpdate,
    'SUBMIT_VALUATION',
    (input) => assertValuationReport(input, application, state.valuations),
    async (input) => {
      const figures = valuationFigures(input, application);
      const report: ValuationReport = {
        reportNumber: input.reportNumber,
        firmOrgId: input.actor.organisationId,
        evaluatorUserId: input.actor.userId,
        method: input.method,
        baseDate: input.baseDate,
        validUntil: figures.validUntil,
        assets: input.assets,
        totalValue: figures.totalValue,
        maxLoan: figures.maxLoan,
        submittedOn: state.businessDate,
      };
      await valuation.recordValuationReport({ caseNumber: state.caseNumber, report });
      state.valuations.push(report);
      await ctx.transition('SUBMIT_VALUATION', input.actor, {
        reportNumber: report.reportNumber,
        totalValue: report.totalValue,
        maxLoan: report.maxLoan,
      });
    },
  );
}
