import { DomainError, ErrorCodes } from './errors';

export type IdentifierKind = 'USCC' | 'PATENT_APPLICATION' | 'TRADEMARK' | 'SOFTWARE_COPYRIGHT';

/**
 * Outcome of checking one identifier. `normalized` is set whenever the value may be stored
 * (OK, or a WARNING the user has confirmed); it is null for every ERROR so a malformed
 * value cannot be persisted by accident.
 */
export interface IdentifierCheck {
  valid: boolean;
  normalized: string | null;
  reason: string | null;
  severity: 'OK' | 'WARNING' | 'ERROR';
}

/** Reasons reported in {@link IdentifierCheck.reason}. */
export const IdentifierReasons = {
  USCC_LENGTH: 'USCC_LENGTH',
  USCC_INVALID_CHARACTER: 'USCC_INVALID_CHARACTER',
  USCC_CHECK_CHARACTER_MISMATCH: 'USCC_CHECK_CHARACTER_MISMATCH',
  PATENT_FORMAT: 'PATENT_FORMAT',
  PATENT_INVALID_TYPE: 'PATENT_INVALID_TYPE',
  PATENT_CHECK_CHARACTER_MISMATCH: 'PATENT_CHECK_CHARACTER_MISMATCH',
  TRADEMARK_FORMAT: 'TRADEMARK_FORMAT',
  SOFTWARE_COPYRIGHT_FORMAT: 'SOFTWARE_COPYRIGHT_FORMAT',
  RESIDENT_ID_FORMAT: 'RESIDENT_ID_FORMAT',
  RESIDENT_ID_BIRTH_DATE: 'RESIDENT_ID_BIRTH_DATE',
  RESIDENT_ID_CHECK_CHARACTER_MISMATCH: 'RESIDENT_ID_CHECK_CHARACTER_MISMATCH',
} as const;

const ok = (normalized: string): IdentifierCheck => ({
  valid: true,
  normalized,
  reason: null,
  severity: 'OK',
});

const failure = (reason: string): IdentifierCheck => ({
  valid: false,
  normalized: null,
  reason,
  severity: 'ERROR',
});

// ---------------------------------------------------------------------------------------
// Unified social credit code (GB 32100-2015)

/** The 31 characters of GB 32100-2015; the index of a character is its value. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * The check character (18th) for the first 17 characters of a USCC.
 * @throws DomainError(INVALID_IDENTIFIER) unless given 17 characters of the USCC alphabet.
 */
export function usccCheckCharacter(first17: string): string {
  const body = typeof first17 === 'string' ? first17.toUpperCase() : '';
  if (body.length !== 17 || [...body].some((c) => !USCC_ALPHABET.includes(c))) {
    throw new DomainError(ErrorCodes.INVALID_IDENTIFIER, 'Need 17 USCC characters', {
      kind: 'USCC',
      value: first17,
    });
  }
  let sum = 0;
  USCC_WEIGHTS.forEach((weight, i) => {
    sum += USCC_ALPHABET.indexOf(body.charAt(i)) * weight;
  });
  // 31 − (sum mod 31) lies in 1..31 and 31 is written 0, hence the outer mod.
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/**
 * Checks a unified social credit code. A wrong length or character is an ERROR; a wrong
 * check character is only a WARNING because some early codes are legal yet fail the check,
 * so intake may accept one after an explicit, recorded confirmation.
 */
export function validateUscc(value: string): IdentifierCheck {
  if (typeof value !== 'string') return failure(IdentifierReasons.USCC_LENGTH);
  const normalized = value.trim().toUpperCase();
  if (normalized.length !== 18) return failure(IdentifierReasons.USCC_LENGTH);
  if ([...normalized].some((c) => !USCC_ALPHABET.includes(c))) {
    return failure(IdentifierReasons.USCC_INVALID_CHARACTER);
  }
  if (usccCheckCharacter(normalized.slice(0, 17)) !== normalized.charAt(17)) {
    return {
      valid: false,
      normalized,
      reason: IdentifierReasons.USCC_CHECK_CHARACTER_MISMATCH,
      severity: 'WARNING',
    };
  }
  return ok(normalized);
}

// ---------------------------------------------------------------------------------------
// Patent application numbers (ZC 0006-2003 and the pre-2003 form)

const PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;
const PATENT_TYPE_DIGITS = '12389';
const PATENT_NUMBER_PATTERN = /^(\d{12}|\d{8})\.?([0-9X])$/;

/**
 * The check character of a patent application number: `digits` is the 12-digit (2003 on)
 * or 8-digit (before 2003) body; weights 2,3,…,9,2,3,4,5, sum mod 11, 10 written `X`.
 * @throws DomainError(INVALID_IDENTIFIER) for anything but 8 or 12 digits.
 */
export function patentCheckCharacter(digits: string): string {
  if (typeof digits !== 'string' || !/^(\d{12}|\d{8})$/.test(digits)) {
    throw new DomainError(ErrorCodes.INVALID_IDENTIFIER, 'Need 8 or 12 patent digits', {
      kind: 'PATENT_APPLICATION',
      value: digits,
    });
  }
  let sum = 0;
  PATENT_WEIGHTS.slice(0, digits.length).forEach((weight, i) => {
    sum += Number(digits.charAt(i)) * weight;
  });
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

/**
 * Checks a patent application or patent number. Accepts `ZL`/`CN` prefixes, spaces, and the
 * dotless 13- (or 9-) character form notices use; normalizes to `YYYYTNNNNNNN.C` (or
 * `YYTNNNNN.C` before 2003). Every failure is an ERROR: a patent number is looked up in the
 * register, so a wrong one cannot be confirmed into validity.
 */
export function validatePatentApplication(value: string): IdentifierCheck {
  if (typeof value !== 'string') return failure(IdentifierReasons.PATENT_FORMAT);
  const compact = value
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/^(ZL|CN)/, '');
  const match = PATENT_NUMBER_PATTERN.exec(compact);
  if (!match) return failure(IdentifierReasons.PATENT_FORMAT);
  const digits = match[1] ?? '';
  const check = match[2] ?? '';
  if (digits.length === 12 && !PATENT_TYPE_DIGITS.includes(digits.charAt(4))) {
    return failure(IdentifierReasons.PATENT_INVALID_TYPE);
  }
  if (patentCheckCharacter(digits) !== check) {
    return failure(IdentifierReasons.PATENT_CHECK_CHARACTER_MISMATCH);
  }
  return ok(`${digits}.${check}`);
}

/**
 * The kind of patent a normalized application number designates (type digit: 5th of the
 * 12-digit form, 3rd of the pre-2003 form): 1 or 8 (PCT) invention, 2 or 9 (PCT) utility
 * model, 3 design; null for anything else or a string that is not a normalized number.
 */
export function patentKindOf(normalized: string): 'INVENTION' | 'UTILITY_MODEL' | 'DESIGN' | null {
  const match = typeof normalized === 'string' ? /^(\d{12}|\d{8})\.[0-9X]$/.exec(normalized) : null;
  if (!match) return null;
  const digits = match[1] ?? '';
  const typeDigit = digits.charAt(digits.length === 12 ? 4 : 2);
  switch (typeDigit) {
    case '1':
    case '8':
      return 'INVENTION';
    case '2':
    case '9':
      return 'UTILITY_MODEL';
    case '3':
      return 'DESIGN';
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Trademark and software copyright registration numbers (no check characters)

/** A trademark registration number: 1–10 digits without a leading zero. */
export function validateTrademark(value: string): IdentifierCheck {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  return /^[1-9]\d{0,9}$/.test(trimmed) ? ok(trimmed) : failure(IdentifierReasons.TRADEMARK_FORMAT);
}

/** A software copyright registration number `YYYYSR` + 6–7 digits, year 1990–2099. */
export function validateSoftwareCopyright(value: string): IdentifierCheck {
  const normalized = typeof value === 'string' ? value.trim().toUpperCase() : '';
  const match = /^(\d{4})SR\d{6,7}$/.exec(normalized);
  const year = Number(match?.[1] ?? 0);
  return match && year >= 1990 && year <= 2099
    ? ok(normalized)
    : failure(IdentifierReasons.SOFTWARE_COPYRIGHT_FORMAT);
}

const VALIDATORS: Record<IdentifierKind, (value: string) => IdentifierCheck> = {
  USCC: validateUscc,
  PATENT_APPLICATION: validatePatentApplication,
  TRADEMARK: validateTrademark,
  SOFTWARE_COPYRIGHT: validateSoftwareCopyright,
};

/**
 * Checks `value` as an identifier of `kind`.
 * @throws DomainError(INVALID_IDENTIFIER_KIND) for a kind outside {@link IdentifierKind}.
 */
export function validateIdentifier(kind: IdentifierKind, value: string): IdentifierCheck {
  const validate = Object.prototype.hasOwnProperty.call(VALIDATORS, kind)
    ? VALIDATORS[kind]
    : undefined;
  if (!validate) {
    throw new DomainError(ErrorCodes.INVALID_IDENTIFIER_KIND, `Unknown identifier kind`, {
      kind,
    });
  }
  return validate(value);
}

// ---------------------------------------------------------------------------------------
// Resident identity numbers (GB 11643-1999; check character by ISO 7064 MOD 11-2)

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by `sum mod 11`: 0→1, 1→0, 2→X, 3→9 … 10→2. */
const RESIDENT_ID_CHECK = '10X98765432';

/** Reasons a resident identity number fails. */
export const ResidentIdReasons = {
  RESIDENT_ID_FORMAT: 'RESIDENT_ID_FORMAT',
  RESIDENT_ID_BIRTH_DATE: 'RESIDENT_ID_BIRTH_DATE',
  RESIDENT_ID_CHECK_CHARACTER_MISMATCH: 'RESIDENT_ID_CHECK_CHARACTER_MISMATCH',
} as const;

/**
 * The check character (18th) of a resident identity number from its first 17 digits.
 * @throws DomainError(INVALID_IDENTIFIER) unless given 17 digits.
 */
export function residentIdCheckCharacter(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new DomainError(ErrorCodes.INVALID_IDENTIFIER, 'Need 17 resident ID digits', {
      kind: 'RESIDENT_ID',
    });
  }
  let sum = 0;
  RESIDENT_ID_WEIGHTS.forEach((weight, i) => {
    sum += Number(first17.charAt(i)) * weight;
  });
  return RESIDENT_ID_CHECK.charAt(sum % 11);
}

/**
 * Checks an 18-character resident identity number: 17 digits (the 7th–14th a real birth date
 * `YYYYMMDD` from 1900 on) and the check character (`x` is read as `X`). Every failure is an
 * ERROR: unlike an early USCC, no legal number fails its check. The value is not logged in
 * `reason`, since it is personal data.
 */
export function validateResidentId(value: string): IdentifierCheck {
  if (typeof value !== 'string') return failure(ResidentIdReasons.RESIDENT_ID_FORMAT);
  const normalized = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) return failure(ResidentIdReasons.RESIDENT_ID_FORMAT);
  const year = Number(normalized.slice(6, 10));
  const month = Number(normalized.slice(10, 12));
  const day = Number(normalized.slice(12, 14));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (year < 1900 || !daysInMonth || day < 1 || day > daysInMonth) {
    return failure(ResidentIdReasons.RESIDENT_ID_BIRTH_DATE);
  }
  if (residentIdCheckCharacter(normalized.slice(0, 17)) !== normalized.charAt(17)) {
    return failure(ResidentIdReasons.RESIDENT_ID_CHECK_CHARACTER_MISMATCH);
  }
  return ok(normalized);
}

/**
 * The administrative division code a USCC carries (characters 3–8), when it is a Shanghai
 * district's; null for any other region (or a malformed code), for which no check applies.
 */
export function usccShanghaiDistrictOf(uscc: string): string | null {
  const region = typeof uscc === 'string' ? uscc.slice(2, 8) : '';
  return /^3101\d\d$/.test(region) ? region : null;
}
