import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentUser, Public, Roles } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser } from '../../../../libs/auth/src/auth.types';
import { LOCAL_ISSUER, TokenService } from '../../../../libs/auth/src/token.service';
import { AppConfig } from '../../../../libs/common/src/config';
import { ProblemException } from '../../../../libs/common/src/problem';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import { SessionRepository } from '../../../../libs/persistence/src/repositories/session.repository';
import { NotAudited } from '../audit/audit.decorators';

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
  async devUsers() {
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
  async devLogin(@Body() body: DevLoginRequest) {
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

  @ApiBearerAuth()
  @Get('auth/me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
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
