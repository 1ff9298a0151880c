import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger/dist/constants';
import type { Observable } from 'rxjs';
import { ProblemException } from '../../../../libs/common/src/problem';
import type { RequestWithRefusal } from './request-hygiene';

/**
 * Raises the refusal the request gates attached (request-hygiene.ts), and refuses a text body
 * on a route that does not declare it consumes text (`@ApiConsumes('text/csv')`): the documented
 * media types are the accepted ones. Registered after the audit interceptor, so that the refusal
 * is audited like any other.
 */
@Injectable()
export class InputRefusalInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<RequestWithRefusal>();
    const refusal = request.inputRefusal;
    if (refusal)
      throw new ProblemException(refusal.code, refusal.message, {
        extensions: refusal.field
          ? { errors: [{ field: refusal.field, problems: [refusal.message] }] }
          : {},
      });
    if (typeof request.body === 'string') {
      const consumes =
        this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
          context.getHandler(),
          context.getClass(),
        ]) ?? [];
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!consumes.includes(mediaType))
        throw new ProblemException(
          'UNSUPPORTED_MEDIA_TYPE',
          `This route does not accept ${mediaType}; send application/json`,
        );
    }
    return next.handle();
  }
}
