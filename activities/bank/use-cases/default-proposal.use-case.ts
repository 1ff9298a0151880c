import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../libs/domain/src/errors';
import {
  DefaultProposalRepository,
  type DefaultProposalDecision,
  type DefaultProposalRecord,
} from '../../../libs/persistence/src/repositories/loan-case/default-proposal.repository';

/**
 * The bank's default proposals: recorded as the officer makes them, closed as the approver (or
 * the automatic default) decides. What the database refuses comes back as the workflow's codes.
 */
@Injectable()
export class DefaultProposalUseCase {
  constructor(private readonly proposals: DefaultProposalRepository) {}

  /** @throws DomainError(DEFAULT_PROPOSAL_PENDING) when another proposal is open. */
  async propose(record: DefaultProposalRecord): Promise<void> {
    const result = await this.proposals.propose(record);
    if (!result.ok)
      throw new DomainError(result.code, `Case ${record.caseNumber} has an open default proposal`);
  }

  /** @throws DomainError(DEFAULT_NOT_PROPOSED) when the proposal is not open any more. */
  async decide(decision: DefaultProposalDecision): Promise<void> {
    const result = await this.proposals.decide(decision);
    if (!result.ok)
      throw new DomainError(result.code, `Default proposal ${decision.proposalId} is not open`);
  }
}
