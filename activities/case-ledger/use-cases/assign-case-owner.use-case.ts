import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/src/errors';
import type { CaseOwner } from '../../../libs/domain/src/loan-case/loan-case.default-proposal';
import { CaseReadModelRepository } from '../../../libs/persistence/src/repositories/loan-case/case-read-model.repository';

/** Hands a case to another officer in the read model, where the database allows it. */
@Injectable()
export class AssignCaseOwnerUseCase {
  constructor(private readonly readModel: CaseReadModelRepository) {}

  /** @throws DomainError(OWNER_NOT_LOAN_OFFICER_OF_BANK) unless an active officer of the bank. */
  async execute(input: { caseNumber: string; owner: CaseOwner }): Promise<void> {
    const result = await this.readModel.assignOwner(input.caseNumber, input.owner);
    if (!result.ok)
      throw new DomainError(
        result.code,
        `${input.owner.userId} is not an active loan officer of the bank of ${input.caseNumber}`,
        { ownerUserId: input.owner.userId },
      );
  }
}
