import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Yuan amount as text with at most two decimals: `"1000000.00"`. */
export const YUAN_PATTERN = /^\d{1,16}(\.\d{1,2})?$/;
/** A fraction as decimal text: `"0.0345"`, `"1.4"`. */
export const FRACTION_PATTERN = /^\d{1,4}(\.\d{1,12})?$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global pipe: whitelisted DTOs; a bad body is a 400 VALIDATION_FAILED listing every field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
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
