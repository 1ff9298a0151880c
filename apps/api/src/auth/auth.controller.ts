import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CurrentUser, Public } from '../../../../libs/auth/src/auth.decorators';
import type { AuthenticatedUser, TokenClaims } from '../../../../libs/auth/src/auth.types';
import { AppConfig } from '../../../../libs/common/src/config';
import { ProblemException } from '../../../../libs/common/src/problem';
import type { Role } from '../../../../libs/domain/src/roles';
import { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import { NotAudited } from '../audit/audit.decorators';

class DevLoginRequest {
  @ApiProperty({ example: 'officer.shcb' })
  @IsString()
  @MinLength(1)
  username: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly jwt: JwtService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private assertDevMode(): void {
    if (this.config.isProduction)
      throw new ProblemException('DEV_LOGIN_DISABLED', 'Demo login is not available in production');
  }

  @Public()
  @Get('dev-users')
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

  @Public()
  @NotAudited()
  @Post('dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'A bearer token for one demo user (not in production)' })
  async devLogin(@Body() body: DevLoginRequest) {
    this.assertDevMode();
    const user = await this.directory.findUserByUsername(body.username);
    if (!user) throw new ProblemException('USER_NOT_FOUND', `No active user ${body.username}`);
    const claims: TokenClaims = {
      sub: user.id,
      username: user.username,
      role: user.role as Role,
      org: user.organisationId,
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      user: { username: user.username, role: user.role, organisationId: user.organisationId },
    };
  }

  @ApiBearerAuth()
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return user;
  }
}
