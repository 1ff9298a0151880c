import { SetMetadata } from '@nestjs/common';
import type { ErrorCode } from '../../../../libs/domain/src/errors';

export const API_ERRORS = 'openapi:error-codes';

/**
 * Refusals of a route that `npm run openapi` cannot find in its code: codes raised behind a
 * boundary the scan does not cross (a Temporal activity's refusal, a code stored and answered
 * later). The document lists them with the codes it finds; on a controller they apply to every
 * route of it.
 */
export const ApiErrors = (...codes: [ErrorCode, ...ErrorCode[]]) => SetMetadata(API_ERRORS, codes);
