import { Module } from '@nestjs/common';
import { BankActivities } from '../../../activities/bank/bank.activities';
import { LoanDefaultActivities } from '../../../activities/bank/loan-default.activities';
import { BusinessCalendarActivities } from '../../../activities/case-ledger/business-calendar.activities';
import { CaseLedgerActivities } from '../../../activities/case-ledger/case-ledger.activities';
import { DisposalActivities } from '../../../activities/exchange/disposal.activities';
import { DISPOSAL_USE_CASES } from '../../../activities/exchange/use-cases';
import { FundActivities } from '../../../activities/fund/fund.activities';
import { InsuranceActivities } from '../../../activities/insurance/insurance.activities';
import { SubsidyBudgetActivities } from '../../../activities/district/subsidy-budget.activities';
import { SubsidyClaimActivities } from '../../../activities/district/subsidy-claim.activities';
import { NotificationActivities } from '../../../activities/notification/notification.activities';
import { RegistrationOfficeActivities } from '../../../activities/registration-office/registration-office.activities';
import { ValuationActivities } from '../../../activities/valuation/valuation.activities';
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
];

@Module({
  imports: [QueueModule, AuditModule],
  // Use-case services sit behind the activities; they are not activities themselves.
  providers: [...ACTIVITY_SERVICES, ...DISPOSAL_USE_CASES],
  exports: ACTIVITY_SERVICES,
})
export class ActivitiesModule {}
