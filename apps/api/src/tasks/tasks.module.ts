import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** The work inbox and its time limits. */
@Module({
  controllers: [TasksController],
  providers: [TasksService],
})
export class TasksModule {}
