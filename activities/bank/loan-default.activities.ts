import { Injectable } from '@nestjs/common';
import {
  LoanDefaultRepository,
  type BucketMoveRow,
  type DefaultRecord,
  type DistributionRecord,
} from '../../libs/persistence/src/repositories/loan-case/loan-default.repository';
import {
  LossSharingRepository,
  type CompensationClaimFiling,
} from '../../libs/persistence/src/repositories/compensation-claim/loss-sharing.repository';
import type {
  DefaultProposalDecision,
  DefaultProposalRecord,
} from '../../libs/persistence/src/repositories/loan-case/default-proposal.repository';
import { refusingDomainErrors } from '../shared/activity-failure';
import { DefaultProposalUseCase } from './use-cases/default-proposal.use-case';
import { RecordDefaultUseCase } from './use-cases/record-default.use-case';

/**
 * The bank's records of a failing loan: bucket moves, the default, the claims it files, the
 * distribution of disposal proceeds and the write-off. Each is keyed by case (and sequence).
 */
@Injectable()
export class LoanDefaultActivities {
  constructor(
    private readonly defaults: LoanDefaultRepository,
    private readonly lossSharing: LossSharingRepository,
    private readonly recordDefault: RecordDefaultUseCase,
    private readonly defaultProposals: DefaultProposalUseCase,
  ) {}

  /**
   * Idempotent by proposal id. A second open proposal of the case fails for good
   * (DEFAULT_PROPOSAL_PENDING).
   */
  async bankRecordDefaultProposal(record: DefaultProposalRecord): Promise<void> {
    await refusingDomainErrors(() => this.defaultProposals.propose(record));
  }

  /**
   * Idempotent: the same decision again is acknowledged; a proposal already closed otherwise
   * fails for good (DEFAULT_NOT_PROPOSED).
   */
  async bankDecideDefaultProposal(decision: DefaultProposalDecision): Promise<void> {
    await refusingDomainErrors(() => this.defaultProposals.decide(decision));
  }

  /** Idempotent by (case, seq). */
  async bankRecordBucketMove(move: BucketMoveRow): Promise<void> {
    await this.defaults.recordBucketMove(move);
  }

  /** Idempotent by case: a loan defaults once. */
  async bankRecordDefault(record: DefaultRecord): Promise<void> {
    await this.recordDefault.execute(record);
  }

  /** Idempotent by claim id (one claim per case and payer). */
  async bankFileCompensationClaims(claims: CompensationClaimFiling[]): Promise<void> {
    await this.lossSharing.fileClaims(claims);
  }

  /** Idempotent by case. */
  async bankRecordDistribution(record: DistributionRecord): Promise<void> {
    await this.defaults.recordDistribution(record);
  }

  /** Idempotent by case. */
  async bankRecordWriteOff(input: {
    caseNumber: string;
    amount: string;
    reason: string;
    on: string;
  }): Promise<void> {
    await this.defaults.recordWriteOff(input);
  }
}
