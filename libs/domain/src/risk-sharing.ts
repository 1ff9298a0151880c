import { tryParseDecimal, type Fraction } from './decimal';
import { DomainError, ErrorCodes } from './errors';
import { Money } from './money';

/** Loss shares in basis points adding up to 10,000 (same shape as the case's RiskSharing). */
export interface LossSplit {
  bankBp: number;
  insurerBp: number;
  fundBp: number;
  guarantorBp: number;
}

/** A compensation scheme's parameters, kept as data (docs/domain.md, risk sharing). */
export interface RiskScheme {
  code: string;
  name: string;
  /** Days non-performing before the fund may be claimed (Shanghai deposit model: 2 full months ≈ 60). */
  triggerDaysNonPerforming: number;
  base: 'PRINCIPAL' | 'PRINCIPAL_AND_INTEREST';
  /** Only the IP-secured share of the base is shared. */
  ipSecuredOnly: boolean;
  /** Most a payer pays on one claim, in yuan with two decimals; null = no cap. */
  caps: { fundPerClaim: string | null; insurerPerClaim: string | null };
  /** Shanghai deposit model: share of the fund's compensation first paid into a deposit (e.g. "0.8"),
   *  released for good after write-off; null = paid outright. */
  depositRatio: string | null;
}

export const LOSS_BASES = ['PRINCIPAL', 'PRINCIPAL_AND_INTEREST'] as const;

const SCHEME_CODE = /^[A-Z0-9][A-Z0-9_-]{0,63}$/;

function schemeError(field: string, message: string): DomainError {
  return new DomainError(ErrorCodes.INVALID_RISK_SCHEME, message, { field });
}

/** A positive yuan cap, normalised to two decimals, or null. */
function parseCap(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value)) {
    const cap = Money.ofYuan(value);
    if (cap.isPositive()) return cap.toYuan();
  }
  throw schemeError(field, `${field} must be null or a yuan amount above 0 like "500000.00"`);
}

/**
 * Reads a risk-sharing scheme from configuration data. Every field is required (null where
 * the contract allows it); other properties are ignored. Caps come back as two-decimal yuan.
 * @throws DomainError(INVALID_RISK_SCHEME) with `{ field }` naming the first bad field:
 *   a code of upper-case letters, digits, `_` or `-`; a non-blank name; a whole number of
 *   trigger days from 0; a known base; a boolean ipSecuredOnly; caps null or above 0; a
 *   depositRatio null or above 0 and at most 1.
 */
export function parseRiskScheme(raw: unknown): RiskScheme {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw schemeError('', 'A risk scheme must be an object');
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.code !== 'string' || !SCHEME_CODE.test(r.code)) {
    throw schemeError('code', 'code must be upper-case letters, digits, _ or -');
  }
  if (typeof r.name !== 'string' || r.name.trim() === '') {
    throw schemeError('name', 'name must be a non-blank text');
  }
  const trigger = r.triggerDaysNonPerforming;
  if (typeof trigger !== 'number' || !Number.isSafeInteger(trigger) || trigger < 0) {
    throw schemeError(
      'triggerDaysNonPerforming',
      'triggerDaysNonPerforming must be a whole number >= 0',
    );
  }
  const base = LOSS_BASES.find((b) => b === r.base);
  if (base === undefined) {
    throw schemeError('base', `base must be one of ${LOSS_BASES.join(', ')}`);
  }
  if (typeof r.ipSecuredOnly !== 'boolean') {
    throw schemeError('ipSecuredOnly', 'ipSecuredOnly must be true or false');
  }
  if (typeof r.caps !== 'object' || r.caps === null || Array.isArray(r.caps)) {
    throw schemeError('caps', 'caps must be an object with fundPerClaim and insurerPerClaim');
  }
  const caps = r.caps as Record<string, unknown>;
  const fundPerClaim = parseCap(caps.fundPerClaim, 'caps.fundPerClaim');
  const insurerPerClaim = parseCap(caps.insurerPerClaim, 'caps.insurerPerClaim');
  let depositRatio: string | null = null;
  if (r.depositRatio !== null) {
    const ratio = typeof r.depositRatio === 'string' ? tryParseDecimal(r.depositRatio) : null;
    if (!ratio || ratio.num <= 0n || ratio.num > ratio.den) {
      throw schemeError(
        'depositRatio',
        'depositRatio must be null or a decimal above 0 and at most 1',
      );
    }
    depositRatio = r.depositRatio as string;
  }
  return {
    code: r.code,
    name: r.name,
    triggerDaysNonPerforming: trigger,
    base,
    ipSecuredOnly: r.ipSecuredOnly,
    caps: { fundPerClaim, insurerPerClaim },
    depositRatio,
  };
}

/** @throws DomainError(INVALID_AMOUNT) with `{ field, value }` for the first negative amount. */
export function refuseNegative(amounts: Record<string, Money>): void {
  for (const [field, amount] of Object.entries(amounts)) {
    if (amount.isNegative()) {
      throw new DomainError(ErrorCodes.INVALID_AMOUNT, `${field} must not be negative`, {
        field,
        value: amount.toYuan(),
      });
    }
  }
}

/**
 * The amount whose loss is shared: principal (and interest if the scheme says so) outstanding
 * at default, times the IP-secured share when `ipSecuredOnly`, rounded half-up once, to the fen.
 * @throws DomainError(INVALID_AMOUNT) with `{ field, value }` for a negative amount.
 * @throws DomainError(INVALID_IP_SECURED_SHARE) unless the share is above 0 and at most 1.
 */
export function lossBase(input: {
  principalOutstanding: Money;
  interestOutstanding: Money;
  ipSecuredShare: Fraction;
  scheme: RiskScheme;
}): Money {
  const { principalOutstanding, interestOutstanding, ipSecuredShare: share, scheme } = input;
  refuseNegative({ principalOutstanding, interestOutstanding });
  if (share.den <= 0n || share.num <= 0n || share.num > share.den) {
    throw new DomainError(
      'INVALID_IP_SECURED_SHARE',
      'The IP-secured share is a fraction above 0 and at most 1',
      { ipSecuredShare: `${share.num}/${share.den}` },
    );
  }
  const owed =
    scheme.base === 'PRINCIPAL_AND_INTEREST'
      ? principalOutstanding.plus(interestOutstanding)
      : principalOutstanding;
  return scheme.ipSecuredOnly ? owed.times(share) : owed;
}

/**
 * Splits the loss base: insurer, fund and guarantor each get round(base × bp / 10000) half-up,
 * the bank the remainder, so the four add up to the base exactly. With tiny bases the three
 * roundings could give out more than the base; each share is then limited to what is still
 * unassigned (fund first, then insurer, then guarantor), so no party's share is negative.
 * @throws DomainError(INVALID_AMOUNT) for a negative base.
 * @throws DomainError(INVALID_RISK_SHARING) with `{ split }` unless the shares are whole basis
 *   points from 0 adding up to 10,000.
 */
export function lossShares(
  base: Money,
  split: LossSplit,
): { bank: Money; insurer: Money; fund: Money; guarantor: Money } {
  refuseNegative({ base });
  const parts = [split.bankBp, split.insurerBp, split.fundBp, split.guarantorBp];
  if (
    parts.some((p) => !Number.isSafeInteger(p) || p < 0) ||
    parts.reduce((a, b) => a + b) !== 10000
  ) {
    throw new DomainError(
      'INVALID_RISK_SHARING',
      'Risk shares are whole basis points that add up to 10000',
      { split },
    );
  }
  let unassigned = base;
  const take = (bp: number): Money => {
    const share = Money.min(base.times({ num: BigInt(bp), den: 10000n }), unassigned);
    unassigned = unassigned.minus(share);
    return share;
  };
  const fund = take(split.fundBp);
  const insurer = take(split.insurerBp);
  const guarantor = take(split.guarantorBp);
  return { bank: unassigned, insurer, fund, guarantor };
}
