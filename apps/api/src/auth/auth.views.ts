import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../../../libs/domain/src/roles';

/** One seeded user on the demo sign-in page. */
export class DevUserView {
  @ApiProperty({ example: 'officer.shcb' })
  username: string;

  @ApiProperty({ example: '王客户经理' })
  displayName: string;

  @ApiProperty({ example: 'BANK-SHCB' })
  organisationId: string;

  @ApiProperty({ example: '上海浦江商业银行' })
  organisation: string;

  @ApiProperty({ enum: ROLES })
  role: string;
}

export class SignedInUserView {
  @ApiProperty({ example: 'officer.shcb' })
  username: string;

  @ApiProperty({ enum: ROLES })
  role: string;

  @ApiProperty({ example: 'BANK-SHCB' })
  organisationId: string;
}

export class DevLoginView {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: string;

  @ApiProperty({ example: '2026-12-02T18:00:00.000Z' })
  expiresAt: string;

  @ApiProperty({ type: SignedInUserView })
  user: SignedInUserView;
}

/** Who the caller is, with the names the console's header shows. */
export class MeView {
  @ApiProperty()
  userId: string;

  @ApiProperty({ example: 'officer.shcb' })
  username: string;

  @ApiProperty({ enum: ROLES })
  role: string;

  @ApiProperty({ example: 'BANK-SHCB' })
  organisationId: string;

  @ApiProperty({ example: '王客户经理' })
  displayName: string;

  @ApiProperty({ example: '上海浦江商业银行' })
  organisationName: string;
}

export class OidcConsoleConfigView {
  @ApiProperty({ example: 'https://idp.example.gov.cn/realms/ip-pledge' })
  issuer: string;

  @ApiProperty({ example: 'ip-pledge-console' })
  clientId: string;

  @ApiProperty({ example: 'openid profile' })
  scope: string;
}

/** How the console signs users in: the demo user list, or the identity provider. */
export class ConsoleConfigView {
  @ApiProperty({ enum: ['DEV', 'OIDC', 'NONE'] })
  signIn: 'DEV' | 'OIDC' | 'NONE';

  @ApiProperty({ type: OidcConsoleConfigView, nullable: true })
  oidc: OidcConsoleConfigView | null;
}
