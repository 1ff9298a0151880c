import { Injectable } from '@nestjs/common';
import {
  LoanDefaultRepository,
  type DefaultRecord,
} from '../../../libs/persistence/src/repositories/loan-case/loan-default.repository';

/** Records the default of a loan with the loss it leaves, once per case. */
@Injectable()
export class RecordDefaultUseCase {
  constructor(private readonly defaults: LoanDefaultRepository) {}

  async execute(record: DefaultRecord): Promise<void> {
    await this.defaults.recordDefault(record);
  }
}
