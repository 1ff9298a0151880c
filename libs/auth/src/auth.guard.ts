import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '../../common/src/problem';
import { isRole, type Role } from '../../domain/src/roles';
import {
  SessionRepository,
  type SessionIdentity,
} from '../../persistence/src/repositories/session.repository';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import type { AuthenticatedUser } from './auth.types';
import { TokenRejected, TokenService, type VerifiedToken } from './token.service';

/** `Authorization: Bearer <token>`, the scheme in any letter case (RFC 7235). */
const BEARER = /^bearer +([A-Za-z0-9\-_.~+/]+=*)$/i;

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

type GuardRequest = {
  headers: Record<string, string | undefined>;
  user?: AuthenticatedUser;
  tokenId?: string;
};

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The token only
 * says who is asking; the user, role and organisation come from the directory on every request,
 * so a disabled user, a changed role or organisation, a logout and a revocation take effect at
 * once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionRepository,
    @Optional()
    @Inject(AUTH_REFUSAL_RECORDER)
    private readonly recorder: AuthRefusalRecorder | null = null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardRequest>();
    try {
      return await this.check(request, context);
    } catch (error) {
      if (error instanceof ProblemException) {
        const { status, code } = error;
        if ((status === 401 || status === 403) && isGuardCode(code))
          await this.recorder?.record({ context, user: request.user ?? null, status, code });
      }
      throw error;
    }
  }

  private async check(request: GuardRequest, context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const match = BEARER.exec((request.headers['authorization'] ?? '').trim());
    if (!match)
      throw new ProblemException('UNAUTHENTICATED', 'A bearer token is required', {
        messageZh: '需要登录令牌',
      });
    const token = await this.verified(match[1]!);
    request.user = await this.directoryUser(token);
    request.tokenId = token.jti;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new ProblemException(
        'ROLE_FORBIDDEN',
        `This action needs one of the roles ${roles.join(', ')}`,
        { messageZh: '当前角色无权执行此操作', extensions: { requiredRoles: roles } },
      );
    }
    return true;
  }

  private async verified(token: string): Promise<VerifiedToken> {
    try {
      return await this.tokens.verify(token);
    } catch (error) {
      if (error instanceof TokenRejected) throw invalidToken();
      throw error;
    }
  }

  /** The directory's user behind a verified token, or 401 when it no longer stands. */
  private async directoryUser(token: VerifiedToken): Promise<AuthenticatedUser> {
    const identity =
      token.source === 'local'
        ? await this.sessions.identityByUserId(token.subject, token.jti)
        : await this.sessions.identityByExternalSubject(token.subject, token.jti);
    if (!identity || !identity.active || !isRole(identity.role)) throw invalidToken();
    if (token.source === 'local') {
      // The API's own token names the role and organisation it was issued for, and has a session.
      if (token.role !== identity.role || token.organisationId !== identity.organisationId)
        throw invalidToken();
      if (!sessionHolds(identity, identity.userId)) throw invalidToken();
    } else {
      if (token.issuedAt * 1000 < identity.sessionsValidFrom) throw invalidToken();
      if (identity.session && !sessionHolds(identity, identity.userId)) throw invalidToken();
      if (!identity.session)
        await this.sessions.open({
          jti: token.jti,
          userId: identity.userId,
          issuer: 'external',
          issuedAt: new Date(token.issuedAt * 1000),
          expiresAt: new Date(token.expiresAt * 1000),
        });
    }
    return {
      userId: identity.userId,
      username: identity.username,
      role: identity.role,
      organisationId: identity.organisationId,
    };
  }
}

function sessionHolds(identity: SessionIdentity, userId: string): boolean {
  return Boolean(
    identity.session && !identity.session.revoked && identity.session.userId === userId,
  );
}

function isGuardCode(code: string): code is AuthRefusal['code'] {
  return code === 'UNAUTHENTICATED' || code === 'INVALID_TOKEN' || code === 'ROLE_FORBIDDEN';
}

/** One answer for every kind of bad token: which check failed is not the caller's business. */
function invalidToken(): ProblemException {
  return new ProblemException('INVALID_TOKEN', 'The bearer token is invalid or expired', {
    messageZh: '令牌无效或已过期，请重新登录',
  });
}
