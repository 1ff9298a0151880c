/**
 * Default-and-disposal terms of a product, and the overdue interest of a position: pure helpers
 * of the loan case's default track (the workflow reads the product's terms through them).
 */
import { compareDates } from '../business-date';
import {
  DEFAULT_DELINQUENCY_BUCKETS,
  parseDelinquencyBuckets,
  type DelinquencyBucket,
} from '../delinquency';
import {
  parseAuctionRules,
  parsePenaltyTerms,
  type AuctionRules,
  type PenaltyTerms,
} from '../disposal';
import type { AccountPosition } from '../loan-account';
import { Money } from '../money';
import type { ProductTerms } from './loan-case.types';

/**
 * Court-auction practice (docs/domain.md, default and disposal): round 1 at ≥ 70 % of the
 * latest valuation, each later round cut by at most 20 %, five business days a round, two rounds.
 */
export const DEFAULT_AUCTION_RULES: AuctionRules = Object.freeze({
  floorRatio: '0.7',
  maxStepCut: '0.2',
  roundBusinessDays: 5,
  maxRounds: 2,
});

/** The Shanghai deposit model, the scheme of the municipal fund (seeded as `risk_scheme`). */
export const DEFAULT_RISK_SCHEME_CODE = 'SH-DEPOSIT-2023';

export interface DefaultTerms {
  delinquencyBuckets: readonly DelinquencyBucket[];
  autoDefault: boolean;
  defaultAfterDays: number;
  auctionRules: AuctionRules;
  riskSchemeCode: string;
  /** Penalty interest (罚息) on overdue principal. */
  penalty: PenaltyTerms;
}

/**
 * The default-and-disposal terms of a product. Cases opened before these terms existed froze
 * products without them; they read as the standard buckets (current, 1–30, 31–60, 61–90, 90+),
 * no automatic default (the bank declares it), the court-auction rules above and the Shanghai
 * deposit scheme; without penalty terms, the penalty rate is 1.5 × the contract rate.
 * @throws DomainError(INVALID_DELINQUENCY_BUCKETS | INVALID_AUCTION_RULES |
 *   INVALID_PENALTY_TERMS) for bad product data.
 */
export function defaultTermsOf(product: ProductTerms): DefaultTerms {
  return {
    delinquencyBuckets: product.delinquencyBuckets
      ? parseDelinquencyBuckets(product.delinquencyBuckets)
      : DEFAULT_DELINQUENCY_BUCKETS,
    autoDefault: product.autoDefault ?? false,
    defaultAfterDays: product.defaultAfterDays,
    auctionRules: product.auctionRules
      ? parseAuctionRules(product.auctionRules)
      : DEFAULT_AUCTION_RULES,
    riskSchemeCode: product.riskSchemeCode ?? DEFAULT_RISK_SCHEME_CODE,
    penalty: parsePenaltyTerms(product),
  };
}

/** Interest of the instalments due on or before `asOf` and still unpaid: the overdue interest. */
export function overdueInterest(position: AccountPosition, asOf: string): Money {
  return Money.sum(
    position.instalments
      .filter((i) => compareDates(i.dueDate, asOf) <= 0)
      .map((i) => Money.ofYuan(i.interestDue).minus(Money.ofYuan(i.interestPaid))),
  );
}
