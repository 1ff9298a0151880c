import { assertBusinessDate } from '../../../libs/domain/src/business-date';
import {
  checkDisposalPerformer,
  checkTransferRegistration,
} from '../../../libs/domain/src/disposal';
import { registerTransferUpdate } from '../disposal.shared';
import type { DisposalStepContext } from './step-context';

/**
 * The registration office registers the transfer of the sold asset (转让登记): the buyer
 * becomes its owner in the register, the pending transfer closes and the disposal completes.
 */
export function registerTransferStep(ctx: DisposalStepContext): void {
  const { state } = ctx;
  ctx.kit.step(registerTransferUpdate, {
    catchUp: ctx.catchUp,
    validate: (t) => {
      // No pending transfer is refused as such, not as a wrong state.
      assertBusinessDate(t.businessDate, 'businessDate');
      checkDisposalPerformer(t.actor, ['REGISTER_TRANSFER'], ctx.input, state.caseNumber);
      checkTransferRegistration(state, t);
    },
    perform: async (t) => {
      const transfer = state.transfer!;
      const registrationNumber = t.registrationNumber.trim();
      await ctx.activities.registry.registerRequestedTransfer({
        caseNumber: state.caseNumber,
        transferId: transfer.transferId,
        registrationNumber,
        registeredOn: t.registeredOn,
        registeredBy: t.actor.userId,
      });
      transfer.registrationNumber = registrationNumber;
      transfer.registeredOn = t.registeredOn;
      transfer.registeredBy = t.actor.userId;
      ctx.move('REGISTER_TRANSFER');
      await ctx.record('REGISTER_TRANSFER', t.actor, {
        transferId: transfer.transferId,
        registrationNumber,
        registeredOn: t.registeredOn,
        buyer: transfer.buyer,
        assetNumbers: transfer.assetNumbers,
      });
      return state;
    },
  });
}
