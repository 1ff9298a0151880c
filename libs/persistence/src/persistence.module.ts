import { Global, Module } from '@nestjs/common';
import { AuditModule } from '../../audit/src/audit.module';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../common/src/config';
import { dataSourceOptions } from './data-source';
import { AssetRegisterRepository } from './repositories/asset-register.repository';
import { BusinessCalendarRepository } from './repositories/business-calendar.repository';
import { CollateralRepository } from './repositories/collateral/collateral.repository';
import { CollateralWatchRepository } from './repositories/collateral/collateral-watch.repository';
import { CaseReadModelRepository } from './repositories/loan-case/case-read-model.repository';
import { DefaultProposalRepository } from './repositories/loan-case/default-proposal.repository';
import { DirectoryRepository } from './repositories/directory.repository';
import { SessionRepository } from './repositories/session.repository';
import { EnterpriseRepository } from './repositories/enterprise.repository';
import { ExportJobRepository } from './repositories/export-job.repository';
import { IdempotentRequestRepository } from './repositories/idempotent-request.repository';
import { IndicatorsRepository } from './repositories/indicators.repository';
import { DisposalRepository } from './repositories/disposal/disposal.repository';
import { DisposalFileRepository } from './repositories/disposal/disposal-file.repository';
import { LoanDefaultRepository } from './repositories/loan-case/loan-default.repository';
import { LoanLedgerRepository } from './repositories/loan-case/loan-ledger.repository';
import { LossSharingRepository } from './repositories/compensation-claim/loss-sharing.repository';
import { NotificationDeliveryRepository } from './repositories/notifications/notification-delivery.repository';
import { PledgeRegisterRepository } from './repositories/pledge-register.repository';
import { SubsidyBudgetRepository } from './repositories/subsidy-claim/subsidy-budget.repository';
import { SubsidyClaimRepository } from './repositories/subsidy-claim/subsidy-claim.repository';
import { SubsidyPolicyRepository } from './repositories/subsidy-claim/subsidy-policy.repository';
import { TopUpRepository } from './repositories/top-up.repository';
import { WorkingCalendarRepository } from './repositories/working-calendar.repository';
import { InboxRepository } from './repositories/work/inbox.repository';

const REPOSITORIES = [
  AssetRegisterRepository,
  BusinessCalendarRepository,
  CaseReadModelRepository,
  CollateralRepository,
  CollateralWatchRepository,
  DefaultProposalRepository,
  DirectoryRepository,
  SessionRepository,
  EnterpriseRepository,
  ExportJobRepository,
  IdempotentRequestRepository,
  IndicatorsRepository,
  DisposalRepository,
  DisposalFileRepository,
  LoanDefaultRepository,
  LoanLedgerRepository,
  LossSharingRepository,
  NotificationDeliveryRepository,
  PledgeRegisterRepository,
  SubsidyBudgetRepository,
  SubsidyClaimRepository,
  SubsidyPolicyRepository,
  TopUpRepository,
  WorkingCalendarRepository,
  InboxRepository,
];

/** PostgreSQL through TypeORM; schema only from migrations (synchronize is off). */
@Global()
@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL),
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: REPOSITORIES,
  // Repositories append the state changes they write to the audit log in the same transaction.
  exports: [...REPOSITORIES, AuditModule],
})
export class PersistenceModule {}
