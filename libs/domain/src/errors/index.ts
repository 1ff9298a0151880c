// The import path `libs/domain/src/errors` is the one every layer uses for the error model.
export { DomainError } from './domain-error';
export {
  ERROR_CATALOGUE,
  ErrorCodes,
  enMessageFor,
  isErrorCode,
  zhMessageFor,
  type ErrorCode,
} from './error-catalogue';
