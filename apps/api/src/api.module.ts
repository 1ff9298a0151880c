import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '../../../libs/audit/src/audit.module';
import { AUTH_REFUSAL_RECORDER, AuthGuard } from '../../../libs/auth/src/auth.guard';
import { TokenService } from '../../../libs/auth/src/token.service';
import { AppConfig } from '../../../libs/common/src/config';
import { AppConfigModule } from '../../../libs/common/src/config.module';
import { loggerParams } from '../../../libs/common/src/logging';
import { ProblemFilter } from '../../../libs/common/src/problem';
import { TemporalClientModule } from '../../../libs/common/src/temporal.module';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { QueueModule } from '../../../libs/queue/src/queue.module';
import { BusinessDateController } from './admin/business-date.controller';
import { WorkingCalendarController } from './admin/working-calendar.controller';
import { AssetImportService } from './assets/asset-import.service';
import { AssetsController } from './assets/assets.controller';
import { CollateralController } from './collateral/collateral.controller';
import { CollateralDates } from './collateral/collateral-dates';
import { CollateralService } from './collateral/collateral.service';
import { AllowedActionsModule } from './allowed-actions/allowed-actions.module';
import { AuditController } from './audit/audit.controller';
import { InputRefusalInterceptor } from './common/input-refusal.interceptor';
import { RateLimitGuard, throttlerOptions } from './common/rate-limit';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditedGuardRefusals } from './audit/audited-guard-refusals';
import { AuthController } from './auth/auth.controller';
import { CalculatorsController } from './calculators/calculators.controller';
import { CompensationClaimModule } from './compensation-claim/compensation-claim.module';
import { ExportsController } from './exports/exports.controller';
import { DisposalModule } from './disposal/disposal.module';
import { EnterpriseModule } from './enterprise/enterprise.module';
import { IndicatorsModule } from './indicators/indicators.module';
import { LookupsController } from './lookups/lookups.controller';
import { HealthController } from './health/health.controller';
import { IdentifiersController } from './identifiers/identifiers.controller';
import { LoanCaseModule } from './loan-case/loan-case.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SubsidyClaimModule } from './subsidy-claim/subsidy-claim.module';
import { SubsidyPolicyModule } from './subsidy-policy/subsidy-policy.module';
import { TasksModule } from './tasks/tasks.module';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loggerParams(config, 'api'),
    }),
    // Keys, algorithms and lifetimes are the TokenService's; the module only provides signing.
    JwtModule.register({ global: true }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => throttlerOptions(config),
    }),
    PersistenceModule,
    TemporalClientModule,
    QueueModule,
    AllowedActionsModule,
    LoanCaseModule,
    SubsidyPolicyModule,
    SubsidyClaimModule,
    DisposalModule,
    CompensationClaimModule,
    EnterpriseModule,
    IndicatorsModule,
    AuditModule,
    TasksModule,
    NotificationsModule,
    MetricsModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    CalculatorsController,
    IdentifiersController,
    AssetsController,
    CollateralController,
    BusinessDateController,
    WorkingCalendarController,
    ExportsController,
    AuditController,
    LookupsController,
  ],
  providers: [
    AssetImportService,
    CollateralDates,
    CollateralService,
    TokenService,
    { provide: AUTH_REFUSAL_RECORDER, useClass: AuditedGuardRefusals },
    { provide: APP_GUARD, useClass: AuthGuard },
    // After the auth guard: writes are counted per signed-in user.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    // After the audit interceptor, so that a refused input is audited like any refusal.
    { provide: APP_INTERCEPTOR, useClass: InputRefusalInterceptor },
  ],
})
export class ApiModule {}
