/**
 * The claim's API actions: for each, the Update it sends and how the Update's input is built
 * from the request body and who acts. Typed end to end: renaming a field of an Update's input
 * fails to compile here.
 */
import type { SubsidyClaimAction } from '../../../../libs/domain/src/subsidy-claim';
import {
  approveClaimUpdate,
  clawBackClaimUpdate,
  confirmPremiumUpdate,
  payClaimUpdate,
  rejectClaimUpdate,
  reviewClaimUpdate,
  type SubsidyClaimStepInput,
} from '../../../../workflows/subsidy-claim/subsidy-claim.shared';
import { workflowAction, type StepContext, type WorkflowAction } from '../common/workflow-actions';
import type {
  ConfirmPremiumDto,
  PaySubsidyClaimDto,
  ReviewSubsidyClaimDto,
  SubsidyClaimReasonDto,
} from './subsidy-claim.request.dto';

/** Who acts on a claim: the user, the business date, and the district of the user's organisation. */
export interface SubsidyClaimContext extends StepContext {
  actorDistrictCode: string | null;
}

/** An action of the claim, with the name the API and its refusals use. */
export type SubsidyClaimApiAction<Dto, Input, Result> = WorkflowAction<
  Dto,
  SubsidyClaimContext,
  Input,
  Result
> & { name: SubsidyClaimAction };

function actorOf(context: SubsidyClaimContext): SubsidyClaimStepInput {
  return {
    actor: context.user,
    actorDistrictCode: context.actorDistrictCode,
    businessDate: context.businessDate,
  };
}

export const SUBSIDY_CLAIM_ACTIONS = {
  'insurer-confirmation': {
    name: 'insurer-confirmation',
    ...workflowAction(confirmPremiumUpdate, (dto: ConfirmPremiumDto, c: SubsidyClaimContext) => ({
      ...actorOf(c),
      premium: dto.premium,
    })),
  },
  review: {
    name: 'review',
    ...workflowAction(reviewClaimUpdate, (dto: ReviewSubsidyClaimDto, c: SubsidyClaimContext) => ({
      ...actorOf(c),
      note: dto.note ?? null,
    })),
  },
  approve: {
    name: 'approve',
    ...workflowAction(approveClaimUpdate, (_dto: Record<string, never>, c: SubsidyClaimContext) =>
      actorOf(c),
    ),
  },
  pay: {
    name: 'pay',
    ...workflowAction(payClaimUpdate, (dto: PaySubsidyClaimDto, c: SubsidyClaimContext) => ({
      ...actorOf(c),
      paymentReference: dto.paymentReference,
    })),
  },
  reject: {
    name: 'reject',
    ...workflowAction(rejectClaimUpdate, (dto: SubsidyClaimReasonDto, c: SubsidyClaimContext) => ({
      ...actorOf(c),
      reason: dto.reason,
    })),
  },
  'claw-back': {
    name: 'claw-back',
    ...workflowAction(
      clawBackClaimUpdate,
      (dto: SubsidyClaimReasonDto, c: SubsidyClaimContext) => ({
        ...actorOf(c),
        reason: dto.reason,
      }),
    ),
  },
} as const satisfies {
  [K in SubsidyClaimAction]: { name: K };
};
