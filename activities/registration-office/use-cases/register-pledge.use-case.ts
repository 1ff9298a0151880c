import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/src/errors';
import { PledgeRegisterRepository } from '../../../libs/persistence/src/repositories/pledge-register.repository';

/** The registration office's acceptance of a filing: the pledge is registered on each asset. */
@Injectable()
export class RegisterPledgeUseCase {
  constructor(private readonly pledges: PledgeRegisterRepository) {}

  /** @throws DomainError(ASSET_ALREADY_PLEDGED) naming the case that holds an asset. */
  async execute(input: {
    caseNumber: string;
    filingNumber: string;
    registrationNumber: string;
    registeredOn: string;
    bankOrgId: string;
    pledgorUscc: string;
    assets: { kind: string; number: string }[];
  }): Promise<void> {
    const registration = await this.pledges.registerPledges(input);
    if (!registration.ok) {
      throw new DomainError(
        'ASSET_ALREADY_PLEDGED',
        `Asset ${registration.assetNumber} is already pledged under case ${registration.heldBy}`,
        { assetNumber: registration.assetNumber, heldByCase: registration.heldBy },
      );
    }
  }
}
