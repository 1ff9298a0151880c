import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isRole, type Role } from '../../domain/src/roles';
import { ProblemException } from '../../common/src/problem';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { AuthenticatedUser, TokenClaims } from './auth.types';

/** A request the guard turned away: who (when the token was valid), and the problem's code. */
export interface AuthRefusal {
  context: ExecutionContext;
  /** Null when the caller is unknown (no token, or an invalid one). */
  user: AuthenticatedUser | null;
  status: 401 | 403;
  code: 'UNAUTHENTICATED' | 'INVALID_TOKEN' | 'ROLE_FORBIDDEN';
}

/**
 * Told of every refusal before it is answered, so that the refusal is recorded even though no
 * interceptor runs for it (the API writes it to the audit log). It must not throw.
 */
export interface AuthRefusalRecorder {
  record(refusal: AuthRefusal): Promise<void>;
}
export const AUTH_REFUSAL_RECORDER = Symbol('AUTH_REFUSAL_RECORDER');

/** Where the route's metadata sits: the handler, then its controller. */
type GuardTargets = [
  ReturnType<ExecutionContext['getHandler']>,
  ReturnType<ExecutionContext['getClass']>,
];

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @Optional()
    @Inject(AUTH_REFUSAL_RECORDER)
    private readonly recorder: AuthRefusalRecorder | null = null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets: GuardTargets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    try {
      return await this.check(request, targets);
    } catch (error) {
      if (error instanceof ProblemException) {
        const { status, code } = error;
        if ((status === 401 || status === 403) && isGuardCode(code))
          await this.recorder?.record({ context, user: request.user ?? null, status, code });
      }
      throw error;
    }
  }

  private async check(
    request: { headers: Record<string, string | undefined>; user?: AuthenticatedUser },
    targets: GuardTargets,
  ): Promise<boolean> {
    const header = request.headers['authorization'] ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) {
      throw new ProblemException('UNAUTHENTICATED', 'A bearer token is required', {
        messageZh: '需要登录令牌',
      });
    }
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new ProblemException('INVALID_TOKEN', 'The bearer token is invalid or expired', {
        messageZh: '令牌无效或已过期',
      });
    }
    if (!isRole(claims.role))
      throw new ProblemException('INVALID_TOKEN', 'The token carries an unknown role', {
        messageZh: '令牌角色无效',
      });
    request.user = {
      userId: claims.sub,
      username: claims.username,
      role: claims.role,
      organisationId: claims.org,
    };

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(claims.role)) {
      throw new ProblemException(
        'ROLE_FORBIDDEN',
        `This action needs one of the roles ${roles.join(', ')}`,
        {
          messageZh: '当前角色无权执行此操作',
          extensions: {
            requiredRoles: roles,
          },
        },
      );
    }
    return true;
  }
}

function isGuardCode(code: string): code is AuthRefusal['code'] {
  return code === 'UNAUTHENTICATED' || code === 'INVALID_TOKEN' || code === 'ROLE_FORBIDDEN';
}
