import { parseDecimal, roundHalfUp, type Fraction } from './decimal';
import { DomainError, type ErrorCode, ErrorCodes } from './errors';

const YUAN_PATTERN = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/**
 * An immutable amount of renminbi held as integer fen (0.01 yuan). Every operation that can
 * produce a fraction of a fen rounds half away from zero, once, where it says so.
 *
 * Crosses process boundaries as its `toJSON()` string (`"1500000.00"`); rebuild it with
 * {@link Money.ofYuan} on the other side, a plain object is not a Money.
 */
export class Money {
  private constructor(readonly fen: bigint) {
    // Workflow code shares instances freely; freezing makes `readonly` hold at run time too.
    Object.freeze(this);
  }

  /** @throws DomainError(INVALID_AMOUNT) if `fen` is not a bigint (e.g. a float leaked in). */
  static ofFen(fen: bigint): Money {
    if (typeof fen !== 'bigint') {
      throw new DomainError(ErrorCodes.INVALID_AMOUNT, `Amount in fen must be a bigint`, {
        value: String(fen),
      });
    }
    return new Money(fen);
  }

  /**
   * Parses yuan text: `"1500000"`, `"1500000.5"`, `"1500000.00"`; at most two decimals, no
   * separators, exponents or spaces. Negatives only with `allowNegative`.
   * @throws DomainError(INVALID_AMOUNT) with `{ value }` in details.
   */
  static ofYuan(text: string, { allowNegative = false }: { allowNegative?: boolean } = {}): Money {
    const match = typeof text === 'string' ? YUAN_PATTERN.exec(text) : null;
    if (!match || (match[1] === '-' && !allowNegative)) {
      throw new DomainError(
        ErrorCodes.INVALID_AMOUNT,
        `Not a valid yuan amount: ${JSON.stringify(text)}`,
        { value: text },
        `金额格式不正确：${String(text)}`,
      );
    }
    const magnitude = BigInt(match[2] ?? '0') * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
    return new Money(match[1] === '-' ? -magnitude : magnitude);
  }

  static zero(): Money {
    return ZERO;
  }

  static min(a: Money, b: Money): Money {
    return a.fen <= b.fen ? a : b;
  }

  static max(a: Money, b: Money): Money {
    return a.fen >= b.fen ? a : b;
  }

  /** Sum of any number of amounts; zero for none. */
  static sum(amounts: Iterable<Money>): Money {
    let fen = 0n;
    for (const m of amounts) fen += m.fen;
    return new Money(fen);
  }

  plus(o: Money): Money {
    return new Money(this.fen + o.fen);
  }

  minus(o: Money): Money {
    return new Money(this.fen - o.fen);
  }

  negate(): Money {
    return new Money(-this.fen);
  }

  abs(): Money {
    return this.fen < 0n ? this.negate() : this;
  }

  /** This amount times an exact fraction, rounded half away from zero to the fen. */
  times(f: Fraction): Money {
    return new Money(roundHalfUp(this.fen * f.num, f.den));
  }

  /**
   * This amount times a decimal ratio given as text (`"0.25"`), rounded half up to the fen.
   * @throws DomainError(code, default INVALID_RATE) when the text is not a plain decimal.
   */
  timesRatio(text: string, code: ErrorCode = ErrorCodes.INVALID_RATE): Money {
    return this.times(parseDecimal(text, code));
  }

  min(o: Money): Money {
    return Money.min(this, o);
  }

  max(o: Money): Money {
    return Money.max(this, o);
  }

  isZero(): boolean {
    return this.fen === 0n;
  }

  isNegative(): boolean {
    return this.fen < 0n;
  }

  isPositive(): boolean {
    return this.fen > 0n;
  }

  compare(o: Money): -1 | 0 | 1 {
    return this.fen < o.fen ? -1 : this.fen > o.fen ? 1 : 0;
  }

  equals(o: Money): boolean {
    return this.fen === o.fen;
  }

  lessThan(o: Money): boolean {
    return this.fen < o.fen;
  }

  greaterThan(o: Money): boolean {
    return this.fen > o.fen;
  }

  /** Yuan with exactly two decimals: `"1500000.00"`, `"-0.05"`. */
  toYuan(): string {
    const magnitude = this.fen < 0n ? -this.fen : this.fen;
    const frac = (magnitude % 100n).toString().padStart(2, '0');
    return `${this.fen < 0n ? '-' : ''}${magnitude / 100n}.${frac}`;
  }

  toJSON(): string {
    return this.toYuan();
  }

  toString(): string {
    return this.toYuan();
  }
}

const ZERO = Money.ofFen(0n);

/** Shorthand for {@link Money.ofYuan} without negatives, mostly for tests and fixtures. */
export const yuan = (text: string): Money => Money.ofYuan(text);
