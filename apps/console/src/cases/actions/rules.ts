import type { Rule } from 'antd/es/form';
import type { I18n } from '../../i18n/I18nProvider';

/**
 * Inline checks mirroring the API's request DTOs (apps/api's class-validator constraints), so a
 * form says what is wrong before it is sent; the server stays the judge.
 */
export const PATTERNS = {
  /** Contract, report and registration numbers. */
  number: /^[A-Za-z0-9-]{3,40}$/,
  /** Bank transaction references. */
  reference: /^[A-Za-z0-9-]{3,60}$/,
  yuan: /^\d{1,16}(\.\d{1,2})?$/,
  fraction: /^\d{1,4}(\.\d{1,12})?$/,
  bankReference: /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/,
};

export function rulesFor(i18n: I18n) {
  const { t } = i18n;
  return {
    required: [{ required: true, message: t('valid.required') }] as Rule[],
    number: [
      { required: true, message: t('valid.required') },
      { pattern: PATTERNS.number, message: t('valid.number') },
    ] as Rule[],
    reference: [
      { required: true, message: t('valid.required') },
      { pattern: PATTERNS.reference, message: t('valid.reference') },
    ] as Rule[],
    yuan: [
      { required: true, message: t('valid.required') },
      { pattern: PATTERNS.yuan, message: t('valid.yuan') },
    ] as Rule[],
    optionalFraction: [{ pattern: PATTERNS.fraction, message: t('valid.fraction') }] as Rule[],
    reason: [
      { required: true, message: t('valid.required') },
      { min: 2, max: 1000, message: t('valid.reason') },
    ] as Rule[],
    basisPoints: [
      { required: true, message: t('valid.required') },
      { type: 'integer', min: 0, max: 10000, message: t('valid.basisPoints') },
    ] as Rule[],
    max: (max: number): Rule[] => [{ max, message: t('valid.tooLong', { max }) }],
  };
}
