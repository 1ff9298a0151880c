import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { isRole, type Role } from '../../domain/src/roles';
import { ProblemException } from '../../common/src/problem';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { AuthenticatedUser, TokenClaims } from './auth.types';

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
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
