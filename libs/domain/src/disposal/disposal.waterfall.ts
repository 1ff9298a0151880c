import { DomainError, ErrorCodes } from '../errors';
import { Money } from '../money';

export interface WaterfallInput {
  /** What the disposal brought in. */
  proceeds: Money;
  /** Disposal costs (auction fees, exchange fees, registration fees). */
  costs: Money;
  /** The bank's overdue interest at disposal. */
  interestDue: Money;
  /** Principal outstanding at default. */
  principalDue: Money;
  /** What the compensation fund paid on the loss (its principal, and interest if the base had it). */
  fundPaid: Money;
  /** What the insurer paid on the loss. */
  insurerPaid: Money;
}

/** Where the proceeds went; every amount but `unrecovered` adds up to the proceeds. */
export interface Waterfall {
  costs: Money;
  bankInterest: Money;
  bankPrincipal: Money;
  fund: Money;
  insurer: Money;
  pledgor: Money;
  /** Interest and principal the proceeds did not cover, whoever bore it. */
  unrecovered: Money;
}

/**
 * A waterfall as recorded and shown: its inputs and its result, each in two-decimal yuan
 * (`"1234.56"`), for the case snapshot, the read model and the disposal file.
 */
export type WaterfallInYuan = Record<keyof WaterfallInput | keyof Waterfall, string>;

const WATERFALL_FIELDS = [
  'proceeds',
  'costs',
  'interestDue',
  'principalDue',
  'fundPaid',
  'insurerPaid',
] as const;

/**
 * Shares disposal proceeds out in order, to the fen: costs = min(proceeds, costs); then
 * bankInterest = min(left, interestDue); then the principal recovery R = min(left, principalDue),
 * shared by those who bore the principal loss in proportion to what each bore, over the base
 * D = max(principalDue, fundPaid + insurerPaid):
 * fund = round(R × fundPaid / D), insurer = min(round(R × insurerPaid / D), R − fund)
 * (half-up; 0 when D is 0), bankPrincipal = R − fund − insurer; the pledgor gets what is left;
 * unrecovered = (interestDue − bankInterest) + (principalDue − R).
 *
 * D is the principal unless the fund and the insurer together paid more than it (a loss base
 * that included interest): their shares are then scaled down so that together they take at
 * most R, and each at most what it paid (R ≤ D), so a settlement always comes out. When fund
 * and insurer bore the whole base and both shares end in exactly half a fen, rounding both up
 * would give out one fen more than R; the insurer's share is limited to R − fund so that the
 * bank's part is never negative and the parts add up to R.
 * @throws DomainError(INVALID_WATERFALL_INPUT) with `{ field, value }` for a negative amount.
 */
export function disposalWaterfall(input: WaterfallInput): Waterfall {
  for (const field of WATERFALL_FIELDS) {
    if (input[field].isNegative()) {
      throw new DomainError(
        ErrorCodes.INVALID_WATERFALL_INPUT,
        `${field} must not be negative, got ${input[field].toYuan()}`,
        { field, value: input[field].toYuan() },
      );
    }
  }
  const { proceeds, interestDue, principalDue, fundPaid, insurerPaid } = input;
  const costs = Money.min(proceeds, input.costs);
  let left = proceeds.minus(costs);
  const bankInterest = Money.min(left, interestDue);
  left = left.minus(bankInterest);
  const recovered = Money.min(left, principalDue);
  left = left.minus(recovered);

  const base = Money.max(principalDue, fundPaid.plus(insurerPaid));
  const shareOf = (paid: Money): Money =>
    base.isZero() ? Money.zero() : recovered.times({ num: paid.fen, den: base.fen });
  const fund = shareOf(fundPaid);
  const insurer = Money.min(shareOf(insurerPaid), recovered.minus(fund));

  return {
    costs,
    bankInterest,
    bankPrincipal: recovered.minus(fund).minus(insurer),
    fund,
    insurer,
    pledgor: left,
    unrecovered: interestDue.minus(bankInterest).plus(principalDue.minus(recovered)),
  };
}
