import type { ActivityInterfaceFor } from '@temporalio/workflow';
import type { SubsidyClaimState } from '../../../libs/domain/src/subsidy-claim';
import type { StepKit } from '../../shared/step-kit';
import type { SubsidyClaimActivities } from '../../../activities/district/subsidy-claim.activities';

/** What a claim's step handlers share with the workflow that registers them. */
export interface SubsidyClaimStepContext {
  kit: StepKit;
  claims: ActivityInterfaceFor<SubsidyClaimActivities>;
  /** The claim as last stored; refuses CLAIM_NOT_READY until the submission is stored. */
  current(): SubsidyClaimState;
  /** Keeps the claim's state as the last activity returned it. */
  store(state: SubsidyClaimState): SubsidyClaimState;
  /** Money went back to the claim's pool on this business date (the waitlist is served at the end). */
  released(businessDate: string): void;
}
