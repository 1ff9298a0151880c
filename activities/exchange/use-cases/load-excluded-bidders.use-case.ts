import { Injectable } from '@nestjs/common';
import type { ExcludedBidders } from '../../../libs/domain/src/disposal';
import { DisposalRepository } from '../../../libs/persistence/src/repositories/disposal/disposal.repository';

/**
 * Who may not bid on a case's pledged asset, from the registers: the pledgor, its legal
 * representative (enterprise register) and the lending bank (its USCC). Read-only.
 */
@Injectable()
export class LoadExcludedBiddersUseCase {
  constructor(private readonly disposals: DisposalRepository) {}

  async execute(input: { pledgorUscc: string; bankOrgId: string }): Promise<ExcludedBidders> {
    return this.disposals.excludedBidders(input.pledgorUscc, input.bankOrgId);
  }
}
