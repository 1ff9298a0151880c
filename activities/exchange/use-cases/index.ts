import { LoadExcludedBiddersUseCase } from './load-excluded-bidders.use-case';
import { ProjectDisposalUseCase } from './project-disposal.use-case';
import { ReportDisposalOutcomeUseCase } from './report-disposal-outcome.use-case';
import { StartDisposalUseCase } from './start-disposal.use-case';

/** The disposal's use-case services, registered as providers of the worker's activities module. */
export const DISPOSAL_USE_CASES = [
  StartDisposalUseCase,
  ProjectDisposalUseCase,
  ReportDisposalOutcomeUseCase,
  LoadExcludedBiddersUseCase,
];
