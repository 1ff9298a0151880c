import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/src/errors';
import { Money } from '../../../libs/domain/src/money';
import type { Actor } from '../../../libs/domain/src/roles';
import {
  checkPayer,
  poolOf,
  subsidyClaimMove,
  type SubsidyClaimState,
} from '../../../libs/domain/src/subsidy-claim';
import { SubsidyBudgetRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from '../../../libs/persistence/src/repositories/subsidy-claim/subsidy-claim.repository';
import { onLockedClaim, timelineEntry } from './subsidy-claim-step';

export interface PaySubsidyClaimCommand {
  claimId: string;
  actor: Actor;
  businessDate: string;
  paymentReference: string;
}

/**
 * Payment consumes the reservation; recorded by a district user other than the approver, under a
 * payment reference unique within the district.
 */
@Injectable()
export class PaySubsidyClaimUseCase {
  constructor(
    private readonly claims: SubsidyClaimRepository,
    private readonly budget: SubsidyBudgetRepository,
  ) {}

  execute(input: PaySubsidyClaimCommand): Promise<SubsidyClaimState> {
    return onLockedClaim(this.claims, input.claimId, async (tx, claim) => {
      if (claim.paymentReference) return claim;
      checkPayer(claim.approvedBy, input.actor.userId);
      await this.budget.consume(
        poolOf(claim),
        claim.id,
        Money.ofYuan(claim.amount).fen,
        { businessDate: input.businessDate, actorUserId: input.actor.userId },
        tx,
      );
      const move = subsidyClaimMove('PAY');
      const paid = await this.claims.recordPayment(
        tx,
        claim.id,
        move.from,
        move.to,
        {
          paymentReference: input.paymentReference,
          paidOn: input.businessDate,
          paidFen: claim.amountFen,
          paidBy: input.actor.userId,
        },
        timelineEntry(input.actor, 'PAY', input.businessDate, {
          paymentReference: input.paymentReference,
          amount: claim.amount,
        }),
      );
      // Thrown inside the transaction, so the budget's consumption above is undone too.
      if (!paid.ok) {
        throw new DomainError(
          'DUPLICATE_PAYMENT_REFERENCE',
          `Payment reference ${input.paymentReference} is already recorded on another claim of the district`,
          { paymentReference: input.paymentReference },
        );
      }
      return paid.row;
    });
  }
}
