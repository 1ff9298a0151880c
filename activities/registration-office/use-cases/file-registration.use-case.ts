import { Injectable } from '@nestjs/common';
import {
  PledgeRegisterRepository,
  type FilingInput,
} from '../../../libs/persistence/src/repositories/pledge-register.repository';

/** Files the pledge registration of a case's assets, keyed by filing number. */
@Injectable()
export class FileRegistrationUseCase {
  constructor(private readonly pledges: PledgeRegisterRepository) {}

  async execute(input: FilingInput): Promise<void> {
    await this.pledges.file(input);
  }
}
