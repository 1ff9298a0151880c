import { Injectable, Logger } from '@nestjs/common';
import { watchDatesOn } from '../../../libs/domain/src/collateral/collateral-watch';
import { DomainError } from '../../../libs/domain/src/errors';
import { CollateralWatchRepository } from '../../../libs/persistence/src/repositories/collateral/collateral-watch.repository';
import { WorkingCalendarRepository } from '../../../libs/persistence/src/repositories/working-calendar.repository';

export interface CollateralWatchResult {
  businessDate: string;
  /** Why nothing was assessed: a day off, or a year the working calendar does not cover yet. */
  skipped: 'NOT_A_WORKING_DAY' | 'CALENDAR_YEAR_NOT_COVERED' | null;
  assetsChanged: number;
  casesRecomputed: number;
  tasksRaised: number;
}

/**
 * The close of business's collateral watch: on a working day, re-reads every pledged asset of
 * every live loan in one transaction of set-based statements (conditions, impairments, coverage,
 * the bank's and the evaluator's tasks, the notices), then the revaluations and covenants due.
 * A day off raises nothing; the next working day catches up, as every condition is "on or
 * before". A year without its working calendar is skipped the same way until it is loaded.
 */
@Injectable()
export class RunCollateralWatchUseCase {
  private readonly logger = new Logger('CollateralWatch');

  constructor(
    private readonly watch: CollateralWatchRepository,
    private readonly workingCalendar: WorkingCalendarRepository,
  ) {}

  async execute(input: { businessDate: string }): Promise<CollateralWatchResult> {
    const today = input.businessDate;
    const year = Number(today.slice(0, 4));
    const nothing = { businessDate: today, assetsChanged: 0, casesRecomputed: 0, tasksRaised: 0 };
    let dates;
    try {
      dates = watchDatesOn(
        await this.workingCalendar.read(year - 1, year + 1),
        today,
        await this.watch.reminderPeriods(),
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CALENDAR_YEAR_NOT_COVERED') {
        this.logger.warn(`collateral watch skipped on ${today}: ${error.message}`);
        return { ...nothing, skipped: 'CALENDAR_YEAR_NOT_COVERED' };
      }
      throw error;
    }
    if (!dates.workingDay) return { ...nothing, skipped: 'NOT_A_WORKING_DAY' };
    return this.watch.transaction(async (tx) => {
      const assessed = await this.watch.reassessAssets(tx, dates, null);
      const dated = await this.watch.raiseDatedTasks(tx, dates);
      return {
        businessDate: today,
        skipped: null,
        assetsChanged: assessed.assetsChanged,
        casesRecomputed: assessed.casesRecomputed,
        tasksRaised: assessed.tasksRaised + dated,
      };
    });
  }
}
