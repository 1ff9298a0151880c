import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../../libs/common/src/config';
import { AppConfigModule } from '../../../libs/common/src/config.module';
import { loggerParams } from '../../../libs/common/src/logging';
import { TemporalClientModule } from '../../../libs/common/src/temporal.module';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { QueueProcessorsModule } from '../../../libs/queue/src/queue.module';
import { ActivitiesModule } from './activities.module';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => loggerParams(config, 'worker'),
    }),
    PersistenceModule,
    TemporalClientModule,
    ActivitiesModule,
    QueueProcessorsModule,
  ],
  providers: [TemporalWorkerService],
})
export class WorkerModule {}
