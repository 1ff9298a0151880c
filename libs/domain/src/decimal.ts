import { DomainError, type ErrorCode, ErrorCodes } from './errors';

/** An exact rational `num / den`; `den` is always positive. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

/** The most fractional digits accepted: rates are quoted to basis points or finer, never 13+. */
export const MAX_FRACTION_DIGITS = 12;

const DECIMAL_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal (`"0.0345"`, `"1.4"`, `"-2"`) into an exact, reduced fraction.
 * Deliberately strict: no exponent, no `+`, no spaces, no bare `.5` or `5.`, at most
 * {@link MAX_FRACTION_DIGITS} fractional digits — such text means a float leaked upstream.
 * @throws DomainError(code) with `{ value }` in details.
 */
export function parseDecimal(text: string, code: ErrorCode = ErrorCodes.INVALID_RATE): Fraction {
  const f = tryParseDecimal(text);
  if (!f) {
    throw new DomainError(code, `Not a plain decimal number: ${JSON.stringify(text)}`, {
      value: text,
    });
  }
  return f;
}

/** {@link parseDecimal} that returns null instead of throwing, for callers adding context. */
export function tryParseDecimal(text: string): Fraction | null {
  const match = typeof text === 'string' ? DECIMAL_PATTERN.exec(text) : null;
  const fractionDigits = match?.[3] ?? '';
  if (!match || fractionDigits.length > MAX_FRACTION_DIGITS) return null;
  const sign = match[1] === '-' ? -1n : 1n;
  const num = sign * BigInt((match[2] ?? '') + fractionDigits);
  return reduceFraction(num, 10n ** BigInt(fractionDigits.length));
}

/**
 * {@link parseDecimal} that also rejects negatives (rates, ratios, shares).
 * @throws DomainError(code) with `{ value }` in details.
 */
export function parseNonNegativeFraction(
  text: string,
  code: ErrorCode = ErrorCodes.INVALID_RATE,
): Fraction {
  const f = parseDecimal(text, code);
  if (f.num < 0n) {
    throw new DomainError(code, `Must not be negative: ${JSON.stringify(text)}`, { value: text });
  }
  return f;
}

/** Whether `text` is a decimal above 0 and at most 1 (a share of a whole, say `"0.6"`). */
export function isShareOfOne(text: string): boolean {
  const f = tryParseDecimal(text);
  return f !== null && f.num > 0n && f.num <= f.den;
}

/**
 * Formats a fraction with exactly `scale` fractional digits, rounding half away from zero.
 * Never prints `-0.00`.
 * @throws RangeError if `scale` is not a non-negative integer.
 */
export function formatDecimal(f: Fraction, scale: number): string {
  if (!Number.isSafeInteger(scale) || scale < 0) {
    throw new RangeError(`scale must be a non-negative integer, got ${scale}`);
  }
  const scaled = roundHalfUp(f.num * 10n ** BigInt(scale), f.den);
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(scale + 1, '0');
  const intPart = digits.slice(0, digits.length - scale);
  const body = scale === 0 ? intPart : `${intPart}.${digits.slice(digits.length - scale)}`;
  return scaled < 0n ? `-${body}` : body;
}

/**
 * Rounds `num / den` to the nearest integer, halves away from zero (2.5 → 3, −2.5 → −3),
 * the rounding banks quote for interest and instalments.
 * @throws RangeError when `den` is zero (a programming error, not a business rule).
 */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('roundHalfUp: division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const magnitude = num < 0n ? -num : num;
  // bigint division truncates, so floor((2|n| + d) / 2d) is |n|/d rounded half up.
  const rounded = (2n * magnitude + den) / (2n * den);
  return num < 0n ? -rounded : rounded;
}

/** `a × b / c` rounded half away from zero, without an intermediate rounding. */
export function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  return roundHalfUp(a * b, c);
}

/** Greatest common divisor of the magnitudes; `gcd(0, 0)` is 0. */
export function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Builds a fraction in lowest terms with a positive denominator.
 * @throws RangeError when `den` is zero.
 */
export function reduceFraction(num: bigint, den: bigint): Fraction {
  if (den === 0n) throw new RangeError('fraction with zero denominator');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  return g > 1n ? { num: num / g, den: den / g } : { num, den };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareFractions(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}
