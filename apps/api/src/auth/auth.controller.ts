import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, Public, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { LOCAL_ISSUER, TokenService } from '../../../../libs/auth/src/token.service';
import { AppConfig } from '../../../../libs/common/src/config';
import { ProblemException } from '../../../../libs/common/src/problem';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import { SessionRepository } from '../../../../libs/persistence/src/repositories/session.repository';
import { NotAudited } from '../audit/audit.decorators';
import { ConsoleConfigView, DevLoginView, DevUserView, MeView } from './auth.views';

class DevLoginRequest {
  @ApiProperty({ example: 'officer.shcb' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  username: string;
}

@ApiTags('auth')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly tokens: TokenService,
    private readonly sessions: SessionRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private assertDevMode(): void {
    if (this.config.isProduction)
      throw new ProblemException('DEV_LOGIN_DISABLED', 'Demo login is not available in production');
  }

  @Public()
  @Get('auth/dev-users')
  @ApiOperation({ summary: 'Seeded demo users (not in production)' })
  @ApiOkResponse({ type: DevUserView, isArray: true })
  async devUsers(): Promise<DevUserView[]> {
    this.assertDevMode();
    const users = await this.directory.listUsers();
    return users.map((u) => ({
      username: u.username,
      displayName: u.displayName,
      organisationId: u.organisationId,
      organisation: u.organisationName,
      role: u.role,
    }));
  }

  /**
   * A token for one demo user. An unknown, disabled or mistyped name gets the same answer
   * (401 LOGIN_FAILED), so that the route tells no one which user names exist.
   */
  @Public()
  @NotAudited()
  @Post('auth/dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'A bearer token for one demo user (not in production)' })
  @ApiOkResponse({ type: DevLoginView })
  async devLogin(@Body() body: DevLoginRequest): Promise<DevLoginView> {
    this.assertDevMode();
    const user = await this.directory.findUserByUsername(body.username);
    if (!user) throw new ProblemException('LOGIN_FAILED', 'The sign-in failed');
    const issued = await this.tokens.issue(user);
    await this.sessions.open({
      jti: issued.jti,
      userId: user.id,
      issuer: LOCAL_ISSUER,
      issuedAt: new Date(issued.issuedAt * 1000),
      expiresAt: new Date(issued.expiresAt * 1000),
    });
    return {
      accessToken: issued.token,
      tokenType: 'Bearer',
      expiresAt: new Date(issued.expiresAt * 1000).toISOString(),
      user: { username: user.username, role: user.role, organisationId: user.organisationId },
    };
  }

  /**
   * How the console signs users in: outside production the demo user list; in production the
   * identity provider (authorization code with PKCE) when its issuer and the console's client
   * id are configured, else no way in.
   */
  @Public()
  @NotAudited()
  @Get('auth/console-config')
  @ApiOperation({ summary: 'How the web console signs users in' })
  @ApiOkResponse({ type: ConsoleConfigView })
  consoleConfig(): ConsoleConfigView {
    if (!this.config.isProduction) return { signIn: 'DEV', oidc: null };
    const { OIDC_ISSUER: issuer, OIDC_CONSOLE_CLIENT_ID: clientId } = this.config;
    if (!issuer || !clientId) return { signIn: 'NONE', oidc: null };
    return { signIn: 'OIDC', oidc: { issuer, clientId, scope: 'openid profile' } };
  }

  @ApiBearerAuth()
  @Get('auth/me')
  @ApiOkResponse({ type: MeView })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<MeView> {
    const entry = await this.directory.findUserByUsername(user.username);
    return {
      ...user,
      displayName: entry?.displayName ?? user.username,
      organisationName: entry?.organisationName ?? user.organisationId,
    };
  }

  /** Ends the session of the token this request carries, at once. */
  @ApiBearerAuth()
  @Post('auth/logout')
  @HttpCode(200)
  @ApiOperation({ summary: "Log out: this token's session ends at once" })
  async logout(@Req() request: { tokenId?: string }, @CurrentUser() user: AuthenticatedUser) {
    await this.sessions.revoke(request.tokenId!, user.userId);
    return { loggedOut: true };
  }

  /** An administrator ends every session of a user (a lost laptop, a leaver). */
  @ApiBearerAuth()
  @Roles('ADMINISTRATOR')
  @Post('admin/users/:userId/revoke-sessions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke all sessions of a user, at once' })
  async revokeSessions(@Param('userId') userId: string, @CurrentUser() admin: AuthenticatedUser) {
    const revoked = await this.sessions.revokeAll(userId, admin.userId);
    if (revoked === null) throw new ProblemException('USER_NOT_FOUND', `No user ${userId}`);
    return { userId, sessionsRevoked: revoked };
  }
}
