import {
  confirmInsuranceClaimUpdate,
  declareDefaultUpdate,
  payFundClaimUpdate,
  payInsuranceClaimUpdate,
  reviewFundClaimUpdate,
} from '../../../../workflows/loan-case/loan-case.shared';
import { workflowAction } from '../common/workflow-actions';
import { caseStep } from './case-step.service';
import type {
  CompensationClaimPaymentDto,
  OptionalReasonDto,
} from './compensation-claim.request.dto';

/** The claim a step is about: the route's `:claimId`. */
export interface CompensationClaimRef {
  claimId: string;
}

/**
 * The default and compensation-claim actions: Updates of the loan-case workflow, each with the
 * input it builds from the request, the caller and the business date, and the case event it
 * fires (named in a refusal once the case has closed).
 */
export const COMPENSATION_CLAIM_ACTIONS = {
  'declare-default': caseStep(
    'DECLARE_DEFAULT',
    workflowAction(declareDefaultUpdate, (dto: OptionalReasonDto, c) => ({
      actor: c.user,
      businessDate: c.businessDate,
      reason: dto.reason ?? '',
    })),
  ),
  'confirm-insurance-claim': caseStep(
    'CONFIRM_INSURANCE_CLAIM',
    workflowAction(confirmInsuranceClaimUpdate, (dto: CompensationClaimRef, c) => ({
      actor: c.user,
      businessDate: c.businessDate,
      claimId: dto.claimId,
    })),
  ),
  'review-fund-claim': caseStep(
    'REVIEW_FUND_CLAIM',
    workflowAction(reviewFundClaimUpdate, (dto: CompensationClaimRef, c) => ({
      actor: c.user,
      businessDate: c.businessDate,
      claimId: dto.claimId,
    })),
  ),
  'pay-insurance-claim': caseStep(
    'PAY_INSURANCE_CLAIM',
    workflowAction(
      payInsuranceClaimUpdate,
      (dto: CompensationClaimRef & CompensationClaimPaymentDto, c) => ({
        actor: c.user,
        businessDate: c.businessDate,
        claimId: dto.claimId,
        reference: dto.reference,
      }),
    ),
  ),
  'pay-fund-claim': caseStep(
    'PAY_FUND_CLAIM',
    workflowAction(
      payFundClaimUpdate,
      (dto: CompensationClaimRef & CompensationClaimPaymentDto, c) => ({
        actor: c.user,
        businessDate: c.businessDate,
        claimId: dto.claimId,
        reference: dto.reference,
      }),
    ),
  ),
};
