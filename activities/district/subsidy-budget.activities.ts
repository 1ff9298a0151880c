import { Injectable } from '@nestjs/common';
import { heartbeat } from '@temporalio/activity';
import { refusingDomainErrors } from '../shared/activity-failure';
import {
  CloseBudgetYearsUseCase,
  type CloseBudgetYearsCommand,
} from './use-cases/close-budget-years.use-case';
import {
  ServeWaitlistUseCase,
  type ServeWaitlistCommand,
} from './use-cases/serve-waitlist.use-case';
import { TopUpBudgetUseCase, type TopUpBudgetCommand } from './use-cases/top-up-budget.use-case';

/** The district's budget pools: top-ups, serving the waitlist, closing a budget year. */
@Injectable()
export class SubsidyBudgetActivities {
  constructor(
    private readonly topUp: TopUpBudgetUseCase,
    private readonly serveWaitlist: ServeWaitlistUseCase,
    private readonly closeBudgetYears: CloseBudgetYearsUseCase,
  ) {}

  /** Raises the pool's total once per reference; BUDGET_YEAR_CLOSED for a closed year. */
  districtTopUpBudget(input: TopUpBudgetCommand): Promise<{ toppedUp: boolean }> {
    return refusingDomainErrors(() => this.topUp.execute(input));
  }

  /** The pool's waitlisted claims take its room in submission order; long, so it heartbeats. */
  districtServeWaitlist(input: ServeWaitlistCommand): Promise<string[]> {
    return this.serveWaitlist.execute(input, (reserved) => heartbeat({ reserved }));
  }

  /** Year-end close of the earlier years' pools and their waiting claims; heartbeats per claim. */
  districtCloseBudgetYears(
    input: CloseBudgetYearsCommand,
  ): Promise<{ poolsClosed: number; claimsRejected: number; poolsOpened: number }> {
    return this.closeBudgetYears.execute(input, (claimsRejected) => heartbeat({ claimsRejected }));
  }
}
