import { patched } from '@temporalio/workflow';
import {
  checkBelowFloorGround,
  checkCompletionCosts,
  isBelowFloorGround,
  checkPrivateSale,
  checkDisposalReason,
  checkSaleApproved,
  needsAdministratorApproval,
} from '../../../libs/domain/src/disposal';
import { assertBusinessDate } from '../../../libs/domain/src/business-date';
import { checkDisposalPerformer, checkDisposalSource } from '../../../libs/domain/src/disposal';
import { Money } from '../../../libs/domain/src/money';
import { approveSaleUpdate, completeSaleUpdate, proposeSaleUpdate } from '../disposal.shared';
import { checkStep, type DisposalStepContext } from './step-context';

/**
 * A completed sale's transfer waits for the registration office from here on (TRANSFER_PENDING);
 * runs recorded before it completed at once, the case registering the transfer itself.
 */
export const TRANSFER_REGISTRATION_PATCH = 'disposal-transfer-registration';

/**
 * A private sale (transfer, licence, takeover) proposed by the bank, an administrator's approval
 * when its price is below the floor, and the completion of an agreed sale, which the case
 * settles first.
 */
export function registerSaleSteps(ctx: DisposalStepContext): void {
  const { state } = ctx;

  ctx.kit.step(proposeSaleUpdate, {
    catchUp: ctx.catchUp,
    validate: (p) => {
      checkStep(ctx, p, ['PROPOSE_SALE', 'PROPOSE_SALE_BELOW_FLOOR']);
      checkPrivateSale(p);
    },
    perform: async (p) => {
      const price = Money.ofYuan(p.price);
      const belowFloor = needsAdministratorApproval(
        price,
        Money.ofYuan(state.valuation!.totalValue),
        state.rules,
      );
      state.method = p.method;
      state.sale = {
        method: p.method,
        buyer: p.buyer.trim(),
        price: price.toYuan(),
        round: null,
        agreedOn: state.businessDate,
        proposedBy: p.actor.userId,
        belowFloor,
        approval: null,
      };
      ctx.move(belowFloor ? 'PROPOSE_SALE_BELOW_FLOOR' : 'PROPOSE_SALE');
      await ctx.record('PROPOSE_SALE', p.actor, {
        method: p.method,
        buyer: state.sale.buyer,
        price: state.sale.price,
        floor: state.floor,
        belowFloor,
        status: state.status,
      });
      return state;
    },
  });

  ctx.kit.step(approveSaleUpdate, {
    catchUp: ctx.catchUp,
    // Below the floor only after a round closed unsold or on a listed ground: a rule that came
    // after histories were recorded, so the validator alone checks it.
    admit: (a) => {
      checkStep(ctx, a, ['APPROVE_SALE']);
      checkBelowFloorGround(state, a.ground);
    },
    validate: (a) => {
      checkStep(ctx, a, ['APPROVE_SALE']);
      checkDisposalReason(a);
    },
    perform: async (a) => {
      const sale = state.sale!;
      sale.approval = {
        userId: a.actor.userId,
        reason: a.reason.trim(),
        on: state.businessDate,
        at: new Date().toISOString(),
        ground: isBelowFloorGround(a.ground) ? a.ground : null,
      };
      ctx.move('APPROVE_SALE');
      await ctx.record('APPROVE_SALE', a.actor, {
        reason: sale.approval.reason,
        method: sale.method,
        buyer: sale.buyer,
        price: sale.price,
        floor: state.floor,
        ground: sale.approval.ground,
      });
      return state;
    },
  });

  ctx.kit.step(completeSaleUpdate, {
    catchUp: ctx.catchUp,
    validate: (c) => {
      // A sale waiting for approval is refused with the approval it needs, not as a wrong state.
      assertBusinessDate(c.businessDate, 'businessDate');
      checkDisposalPerformer(c.actor, ['COMPLETE_SALE'], ctx.input, state.caseNumber);
      checkSaleApproved(state);
      checkDisposalSource(state.status, ['COMPLETE_SALE']);
      checkCompletionCosts(c.costs);
    },
    perform: async (c) => {
      const sale = state.sale!;
      const costs = Money.ofYuan(c.costs).toYuan();
      const transfer = patched(TRANSFER_REGISTRATION_PATCH)
        ? {
            transferId: `${state.caseNumber}-T`,
            buyer: sale.buyer,
            assetNumbers: ctx.input.assets.map((a) => a.number),
            requestedOn: state.businessDate,
            registrationNumber: null,
            registeredOn: null,
            registeredBy: null,
          }
        : null;
      // The transfer waits at the registration office before the case releases the pledge, so
      // the case's release leaves the owner to the clerk's registration.
      if (transfer)
        await ctx.activities.registry.openAssetTransferRequest({
          caseNumber: state.caseNumber,
          transferId: transfer.transferId,
          assetNumbers: transfer.assetNumbers,
          toOwner: transfer.buyer,
          requestedOn: transfer.requestedOn,
        });
      // The case first: if it refuses, the disposal stays where it is (its pending transfer
      // withdrawn) and the step can be retried.
      try {
        await ctx.reportOutcome({
          kind: 'SOLD',
          method: sale.method,
          buyer: sale.buyer,
          proceeds: sale.price,
          costs,
          reason: null,
          decidedBy: c.actor,
          on: state.businessDate,
        });
      } catch (error) {
        if (transfer)
          await ctx.activities.registry.withdrawAssetTransferRequest({
            transferId: transfer.transferId,
          });
        throw error;
      }
      state.completion = {
        costs,
        proceeds: sale.price,
        on: state.businessDate,
        by: c.actor.userId,
      };
      state.transfer = transfer;
      ctx.move(transfer ? 'COMPLETE_SALE' : 'COMPLETE_SALE_LEGACY');
      await ctx.record('COMPLETE_SALE', c.actor, {
        method: sale.method,
        buyer: sale.buyer,
        proceeds: sale.price,
        costs,
        transferId: transfer?.transferId ?? null,
        status: state.status,
      });
      return state;
    },
  });
}
