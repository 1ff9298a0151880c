import { Injectable } from '@nestjs/common';
import { assertBusinessDate, type BusinessDate } from '../../libs/domain/src/business-date';
import {
  addWorkingDays,
  nextWorkingDay,
  workingDaysBetween,
} from '../../libs/domain/src/calendar/working-calendar';
import { WorkingCalendarRepository } from '../../libs/persistence/src/repositories/working-calendar.repository';
import { refusingDomainErrors } from '../shared/activity-failure';

/**
 * Working-day arithmetic for workflows (auction rounds, registration time limits, claim windows,
 * SLA deadlines). Reads the calendar on every call, so an administrator's edit applies to the
 * next deadline computed. A date in a year without its notice fails non-retryably with
 * CALENDAR_YEAR_NOT_COVERED (as do bad inputs): the fix is loading that year, which a retry
 * does not do; the workflow decides whether to wait and ask again.
 */
@Injectable()
export class WorkingCalendarActivities {
  constructor(private readonly calendar: WorkingCalendarRepository) {}

  /** The `days`-th working day after `from` (`from` itself not counted; `days` ≥ 1). */
  async addWorkingDays(input: { from: BusinessDate; days: number }): Promise<BusinessDate> {
    return refusingDomainErrors(async () => {
      const from = assertBusinessDate(input.from, 'from');
      const year = Number(from.slice(0, 4));
      // A year has at least ~240 working days; one more year covers a span ending early in the next.
      const span = Math.ceil(Math.max(input.days, 0) / 240) + 1;
      const calendar = await this.calendar.read(year, year + span);
      return addWorkingDays(calendar, from, input.days);
    });
  }

  /** `date` if it is a working day, else the next one: where a deadline on a day off moves to. */
  async nextWorkingDay(input: { date: BusinessDate }): Promise<BusinessDate> {
    return refusingDomainErrors(async () => {
      const date = assertBusinessDate(input.date, 'date');
      const year = Number(date.slice(0, 4));
      return nextWorkingDay(await this.calendar.read(year, year + 1), date);
    });
  }

  /** Working days in (`from`, `to`]; negative when `to` is earlier. */
  async workingDaysBetween(input: { from: BusinessDate; to: BusinessDate }): Promise<number> {
    return refusingDomainErrors(async () => {
      const from = assertBusinessDate(input.from, 'from');
      const to = assertBusinessDate(input.to, 'to');
      const years = [Number(from.slice(0, 4)), Number(to.slice(0, 4))];
      const calendar = await this.calendar.read(Math.min(...years), Math.max(...years));
      return workingDaysBetween(calendar, from, to);
    });
  }
}
