import { Module } from '@nestjs/common';
import { BankActivities } from '../../../activities/bank/bank.activities';
import { LoanDefaultActivities } from '../../../activities/bank/loan-default.activities';
import { BusinessCalendarActivities } from '../../../activities/case-ledger/business-calendar.activities';
import { CaseLedgerActivities } from '../../../activities/case-ledger/case-ledger.activities';
import { WorkingCalendarActivities } from '../../../activities/case-ledger/working-calendar.activities';
import { DisposalActivities } from '../../../activities/exchange/disposal.activities';
import { DISPOSAL_USE_CASES } from '../../../activities/exchange/use-cases';
import { FundActivities } from '../../../activities/fund/fund.activities';
import { InsuranceActivities } from '../../../activities/insurance/insurance.activities';
import { SubsidyBudgetActivities } from '../../../activities/district/subsidy-budget.activities';
import { SubsidyClaimActivities } from '../../../activities/district/subsidy-claim.activities';
import { DISTRICT_USE_CASES } from '../../../activities/district/use-cases';
import { NotificationActivities } from '../../../activities/notification/notification.activities';
import { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import { ValuationActivities } from '../../../activities/valuation/valuation.activities';
import { DefaultProposalUseCase } from '../../../activities/bank/use-cases/default-proposal.use-case';
import { RecordDefaultUseCase } from '../../../activities/bank/use-cases/record-default.use-case';
import { AssignCaseOwnerUseCase } from '../../../activities/case-ledger/use-cases/assign-case-owner.use-case';
import { RecordDisbursementUseCase } from '../../../activities/bank/use-cases/record-disbursement.use-case';
import { RecordRepaymentUseCase } from '../../../activities/bank/use-cases/record-repayment.use-case';
import { RecordCaseTransitionUseCase } from '../../../activities/case-ledger/use-cases/record-case-transition.use-case';
import { PayFundClaimUseCase } from '../../../activities/fund/use-cases/pay-fund-claim.use-case';
import { PayInsuranceClaimUseCase } from '../../../activities/insurance/use-cases/pay-insurance-claim.use-case';
import { FileRegistrationUseCase } from '../../../activities/registration-office/use-cases/file-registration.use-case';
import { RecordRegistrationRefusalUseCase } from '../../../activities/registration-office/use-cases/record-registration-refusal.use-case';
import { RegisterPledgeUseCase } from '../../../activities/registration-office/use-cases/register-pledge.use-case';
import { ReleasePledgeUseCase } from '../../../activities/registration-office/use-cases/release-pledge.use-case';
import { RecordValuationReportUseCase } from '../../../activities/valuation/use-cases/record-valuation-report.use-case';
import { WorkInboxActivities } from '../../../activities/case-ledger/work-inbox.activities';
import { RecordLateTasksUseCase } from '../../../activities/case-ledger/use-cases/record-late-tasks.use-case';
import { AuditModule } from '../../../libs/audit/src/audit.module';
import { QueueModule } from '../../../libs/queue/src/queue.module';

/** Every activity service, grouped by the organisation that performs it. */
export const ACTIVITY_SERVICES = [
  BankActivities,
  BusinessCalendarActivities,
  CaseLedgerActivities,
  DisposalActivities,
  FundActivities,
  InsuranceActivities,
  LoanDefaultActivities,
  NotificationActivities,
  RegistrationOfficeActivities,
  SubsidyBudgetActivities,
  SubsidyClaimActivities,
  ValuationActivities,
  WorkingCalendarActivities,
  WorkInboxActivities,
];

/**
 * The use-case services the activities call (one per step: transaction, repositories,
 * refusals). Providers only: their `execute` methods are not activities.
 */
export const USE_CASES = [
  // loan case
  RecordCaseTransitionUseCase,
  RecordDisbursementUseCase,
  RecordRepaymentUseCase,
  RecordValuationReportUseCase,
  FileRegistrationUseCase,
  RegisterPledgeUseCase,
  RecordRegistrationRefusalUseCase,
  ReleasePledgeUseCase,
  RecordDefaultUseCase,
  DefaultProposalUseCase,
  AssignCaseOwnerUseCase,
  // compensation claims
  PayInsuranceClaimUseCase,
  PayFundClaimUseCase,
  // work inbox
  RecordLateTasksUseCase,
];

@Module({
  imports: [QueueModule, AuditModule],
  // Use cases are providers behind the activities, never activities themselves.
  providers: [...ACTIVITY_SERVICES, ...USE_CASES, ...DISTRICT_USE_CASES, ...DISPOSAL_USE_CASES],
  exports: ACTIVITY_SERVICES,
})
export class ActivitiesModule {}
