import { Injectable } from '@nestjs/common';
import type { ReleaseGround } from '../../../libs/domain/src/ip-assets';
import { PledgeRegisterRepository } from '../../../libs/persistence/src/repositories/pledge-register.repository';

/** Cancels a case's pledge on its ground (repaid, realised by a sale, waived). */
@Injectable()
export class ReleasePledgeUseCase {
  constructor(private readonly pledges: PledgeRegisterRepository) {}

  async execute(input: {
    caseNumber: string;
    cancellationNumber: string;
    registeredOn: string;
    ground: ReleaseGround;
  }): Promise<void> {
    await this.pledges.release(input);
  }
}
