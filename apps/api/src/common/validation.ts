import { BadRequestException, ValidationPipe } from '@nestjs/common';
import {
  getMetadataStorage,
  isEmail,
  ValidateBy,
  ValidationError,
  ValidationTypes,
  type ValidationOptions,
  type ValidatorOptions,
} from 'class-validator';

/** Yuan amount as text with at most two decimals: `"1000000.00"`. */
export const YUAN_PATTERN = /^\d{1,16}(\.\d{1,2})?$/;
/** A fraction as decimal text: `"0.0345"`, `"1.4"`. */
export const FRACTION_PATTERN = /^\d{1,4}(\.\d{1,12})?$/;
/**
 * A calendar date `YYYY-MM-DD` that exists: months 01–12, days up to the month's length, 29
 * February only in leap years (divisible by 4, centuries only when divisible by 400). A regular
 * expression (IsCalendarDate below checks with it) that refuses `2026-02-30` as well as `2026-2-3`.
 */
export const DATE_PATTERN = new RegExp(
  '^(?:' +
    // Any year: days 01–28 of every month, 29–30 of every month but February, 31 where it exists.
    '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])' +
    '|\\d{4}-(?:0[13-9]|1[0-2])-(?:29|30)' +
    '|\\d{4}-(?:0[13578]|1[02])-31' +
    // 29 February: years divisible by 4 but not by 100, and years divisible by 400.
    '|\\d{2}(?:0[48]|[2468][048]|[13579][26])-02-29' +
    '|(?:[02468][048]|[13579][26])00-02-29' +
    ')$',
);

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Required nested objects that are missing: class-validator's @ValidateNested passes over an
 * absent or null value, so a DTO's nested form that is not @IsOptional is checked here, at every
 * depth, whatever DTO declares it.
 */
export function missingNested(object: object, path = ''): ValidationError[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    object.constructor,
    '',
    true,
    false,
  );
  const optional = new Set(
    metadata
      .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((m) => m.propertyName),
  );
  // Each nested property, and whether it is a list of forms (`each`) or one form.
  const nested = new Map(
    metadata
      .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION)
      .map((m) => [m.propertyName, Boolean(m.each)]),
  );
  const errors: ValidationError[] = [];
  const refuse = (property: string, constraint: string, message: string) =>
    errors.push(
      Object.assign(new ValidationError(), {
        property: `${path}${property}`,
        constraints: { [constraint]: `${path}${property} ${message}` },
        children: [],
      }),
    );
  for (const [property, each] of nested) {
    const value = (object as Record<string, unknown>)[property];
    if (value === undefined || value === null) {
      if (!optional.has(property)) refuse(property, 'isDefined', 'is required');
      continue;
    }
    if (!each && Array.isArray(value)) {
      refuse(property, 'isObject', 'must be an object, not a list');
      continue;
    }
    for (const [index, item] of (Array.isArray(value) ? value : [value]).entries()) {
      if (item && typeof item === 'object' && item.constructor !== Object)
        errors.push(
          ...missingNested(item, `${path}${property}${Array.isArray(value) ? `[${index}]` : ''}.`),
        );
    }
  }
  return errors;
}

/** The global pipe's validation, with the missing nested objects class-validator lets through. */
class ApiValidationPipe extends ValidationPipe {
  protected override async validate(
    object: object,
    validatorOptions?: ValidatorOptions,
  ): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    return [...errors, ...missingNested(object)];
  }
}

/** Global pipe: whitelisted DTOs; a bad body is a 400 VALIDATION_FAILED listing every field. */
export function validationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`).join('; '),
        errors: fields,
      });
    },
  });
}

/**
 * A calendar date `YYYY-MM-DD` that exists (DATE_PATTERN): `2026-02-30` is refused like
 * `2026-2-3`, with a message that says so.
 */
export function IsCalendarDate(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && DATE_PATTERN.test(value),
        defaultMessage: (args) => `${args?.property} must be a date that exists, as YYYY-MM-DD`,
      },
    },
    options,
  );
}

/**
 * An e-mail address (validator's isEmail), refused rather than thrown on: isEmail runs
 * encodeURI, which throws on a lone surrogate, so a text that is not well-formed UTF-16 is
 * refused first.
 */
export function IsEmailAddress(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) =>
          // With the u flag, \p{Cs} matches only surrogates that are not part of a pair.
          typeof value === 'string' && !/\p{Cs}/u.test(value) && isEmail(value),
        defaultMessage: (args) => `${args?.property} must be an email`,
      },
    },
    options,
  );
}

/**
 * A comma-separated filter whose every item is one of `allowed` (`status=ACTIVE,OVERDUE`): an
 * unknown value is refused, not silently matched by nothing.
 */
export function IsListOf(allowed: readonly string[], options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isListOf',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          value.split(',').every((item) => allowed.includes(item.trim())),
        defaultMessage: (args) =>
          `${args?.property} must be a comma-separated list of: ${allowed.join(', ')}`,
      },
    },
    options,
  );
}
