import { DomainError, ErrorCodes } from './errors';

/** A band of days past due, both ends included; `toDays` null means "and beyond". */
export interface DelinquencyBucket {
  code: string;
  fromDays: number;
  toDays: number | null;
}

/** CURRENT 0–0, DPD_1_30, DPD_31_60, DPD_61_90, DPD_90_PLUS (91+). */
export const DEFAULT_DELINQUENCY_BUCKETS: readonly DelinquencyBucket[] = Object.freeze(
  [
    { code: 'CURRENT', fromDays: 0, toDays: 0 },
    { code: 'DPD_1_30', fromDays: 1, toDays: 30 },
    { code: 'DPD_31_60', fromDays: 31, toDays: 60 },
    { code: 'DPD_61_90', fromDays: 61, toDays: 90 },
    { code: 'DPD_90_PLUS', fromDays: 91, toDays: null },
  ].map((b) => Object.freeze(b)),
);

const BUCKET_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

function bucketsError(index: number | null, message: string): DomainError {
  return new DomainError(ErrorCodes.INVALID_DELINQUENCY_BUCKETS, message, { index });
}

function dayCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Reads a product's delinquency buckets from configuration data. The buckets must start at
 * day 0, follow each other without gap or overlap, carry distinct upper-case codes, and end
 * open (`toDays: null` on the last one only), so that every day count falls in exactly one.
 * @throws DomainError(INVALID_DELINQUENCY_BUCKETS) with `{ index }` of the first bad bucket
 *   (null when the list itself is wrong).
 */
export function parseDelinquencyBuckets(raw: unknown): DelinquencyBucket[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw bucketsError(null, 'Delinquency buckets must be a non-empty list');
  }
  const codes = new Set<string>();
  const buckets = raw.map((item: unknown, index): DelinquencyBucket => {
    const b = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof b.code !== 'string' || !BUCKET_CODE.test(b.code)) {
      throw bucketsError(index, `Bucket ${index}: code must be upper-case letters, digits, _`);
    }
    if (codes.has(b.code)) throw bucketsError(index, `Bucket ${index}: duplicate code ${b.code}`);
    codes.add(b.code);
    if (!dayCount(b.fromDays)) {
      throw bucketsError(index, `Bucket ${index}: fromDays must be a whole number >= 0`);
    }
    if (b.toDays !== null && !(dayCount(b.toDays) && b.toDays >= b.fromDays)) {
      throw bucketsError(
        index,
        `Bucket ${index}: toDays must be null or a whole number >= fromDays`,
      );
    }
    return { code: b.code, fromDays: b.fromDays, toDays: b.toDays };
  });

  buckets.forEach((bucket, index) => {
    const previous = buckets[index - 1];
    const expectedFrom = previous === undefined ? 0 : (previous.toDays ?? Infinity) + 1;
    if (bucket.fromDays !== expectedFrom) {
      const problem =
        previous === undefined
          ? 'the first bucket must start at day 0'
          : previous.toDays === null
            ? 'only the last bucket may be open-ended'
            : bucket.fromDays > expectedFrom
              ? `gap after day ${previous.toDays}`
              : `overlaps the previous bucket, which ends at day ${previous.toDays}`;
      throw bucketsError(index, `Bucket ${index} (${bucket.code}): ${problem}`);
    }
  });
  const lastIndex = buckets.length - 1;
  if (buckets[lastIndex]!.toDays !== null) {
    throw bucketsError(lastIndex, 'The last bucket must be open-ended (toDays null)');
  }
  return buckets;
}

/**
 * The bucket `daysPastDue` falls in.
 * @throws RangeError if `daysPastDue` is not a whole number >= 0 (not yet due is 0).
 * @throws DomainError(INVALID_DELINQUENCY_BUCKETS) with `{ daysPastDue }` if no bucket holds it,
 *   which {@link parseDelinquencyBuckets} rules out.
 */
export function bucketFor(
  daysPastDue: number,
  buckets: readonly DelinquencyBucket[],
): DelinquencyBucket {
  if (!dayCount(daysPastDue)) {
    throw new RangeError(`daysPastDue must be a whole number >= 0, got ${daysPastDue}`);
  }
  const found = buckets.find(
    (b) => b.fromDays <= daysPastDue && (b.toDays === null || daysPastDue <= b.toDays),
  );
  if (!found) {
    throw new DomainError(
      ErrorCodes.INVALID_DELINQUENCY_BUCKETS,
      `No delinquency bucket holds ${daysPastDue} days past due`,
      { daysPastDue },
    );
  }
  return found;
}
