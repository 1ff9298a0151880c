import { Injectable } from '@nestjs/common';
import type {
  DisposalEvent,
  DisposalSnapshot,
  ExcludedBidders,
} from '../../libs/domain/src/disposal';
import type { DisposalInput } from '../../workflows/disposal/disposal.shared';
import type { DisposalOutcome } from '../../libs/domain/src/loan-case/loan-case.types';
import { refusingDomainErrors } from '../shared/activity-failure';
import { LoadExcludedBiddersUseCase } from './use-cases/load-excluded-bidders.use-case';
import { ProjectDisposalUseCase } from './use-cases/project-disposal.use-case';
import { ReportDisposalOutcomeUseCase } from './use-cases/report-disposal-outcome.use-case';
import { StartDisposalUseCase } from './use-cases/start-disposal.use-case';

/**
 * The disposal of pledged IP, as activities: started for a case, projected step by step,
 * reported back to it. Thin adapters; the use-case services do the work.
 */
@Injectable()
export class DisposalActivities {
  constructor(
    private readonly startDisposal: StartDisposalUseCase,
    private readonly projectDisposal: ProjectDisposalUseCase,
    private readonly reportDisposalOutcome: ReportDisposalOutcomeUseCase,
    private readonly loadExcludedBidders: LoadExcludedBiddersUseCase,
  ) {}

  /** Who may not bid (pledgor, its legal representative, the lending bank); read-only. */
  async exchangeExcludedBidders(input: {
    pledgorUscc: string;
    bankOrgId: string;
  }): Promise<ExcludedBidders> {
    return this.loadExcludedBidders.execute(input);
  }

  /** Starts the case's disposal workflow; a retry finds it started. Answers its workflow id. */
  async exchangeStartDisposal(input: DisposalInput): Promise<string> {
    return refusingDomainErrors(() => this.startDisposal.execute(input));
  }

  /** Snapshot, timeline entry, rounds and bids in one transaction; idempotent. */
  async exchangeProjectDisposal(input: {
    snapshot: DisposalSnapshot;
    event: DisposalEvent | null;
  }): Promise<void> {
    return refusingDomainErrors(() => this.projectDisposal.execute(input));
  }

  /** Hands the outcome to the case as an Update; a refusal by the case is not retried. */
  async exchangeReportDisposalOutcome(input: {
    caseNumber: string;
    outcome: DisposalOutcome;
  }): Promise<void> {
    return refusingDomainErrors(() => this.reportDisposalOutcome.execute(input));
  }
}
