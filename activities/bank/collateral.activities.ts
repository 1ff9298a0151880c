import { Injectable } from '@nestjs/common';
import {
  RunCollateralWatchUseCase,
  type CollateralWatchResult,
} from './use-cases/run-collateral-watch.use-case';

/** The bank's watch over its pledged collateral, a step of the close of business. */
@Injectable()
export class CollateralWatchActivities {
  constructor(private readonly run: RunCollateralWatchUseCase) {}

  /**
   * Idempotent per business date: a retry or a rerun raises nothing twice. Every failure is
   * retried: the close of business has already moved the date and must not end half done.
   */
  bankCollateralWatch(input: { businessDate: string }): Promise<CollateralWatchResult> {
    return this.run.execute(input);
  }
}
