import { Injectable } from '@nestjs/common';
import { PledgeRegisterRepository } from '../../../libs/persistence/src/repositories/pledge-register.repository';

/** The registration office refuses a filing (or a case ended while it was pending). */
@Injectable()
export class RecordRegistrationRefusalUseCase {
  constructor(private readonly pledges: PledgeRegisterRepository) {}

  async execute(input: {
    caseNumber: string;
    filingNumber: string;
    reason: string;
    note: string | null;
  }): Promise<void> {
    await this.pledges.refuse(input.filingNumber, input.reason, input.note);
  }
}
