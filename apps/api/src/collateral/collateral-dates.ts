import { Injectable } from '@nestjs/common';
import { watchDatesOn } from '../../../../libs/domain/src/collateral/collateral-watch';
import { DomainError } from '../../../../libs/domain/src/errors';
import type { WatchDates } from '../../../../libs/persistence/src/repositories/collateral/collateral-watch.repository';
import { WorkingCalendarRepository } from '../../../../libs/persistence/src/repositories/working-calendar.repository';

/**
 * The dates a register change is checked on against the pledges: the business date and the fee
 * notice horizon. A change is never refused for a calendar year not yet loaded: the horizon is
 * then the business date itself, and the next close of business notices what is due.
 */
@Injectable()
export class CollateralDates {
  constructor(private readonly calendar: WorkingCalendarRepository) {}

  async on(today: string): Promise<WatchDates> {
    const year = Number(today.slice(0, 4));
    try {
      const dates = watchDatesOn(await this.calendar.read(year - 1, year + 1), today, []);
      return { businessDate: today, feeHorizon: dates.feeHorizon };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CALENDAR_YEAR_NOT_COVERED')
        return { businessDate: today, feeHorizon: today };
      throw error;
    }
  }
}
