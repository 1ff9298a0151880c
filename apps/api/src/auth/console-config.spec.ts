import 'reflect-metadata';
import { validateConfig } from '../../../../libs/common/src/config';
import type { DirectoryRepository } from '../../../../libs/persistence/src/repositories/directory.repository';
import type { SessionRepository } from '../../../../libs/persistence/src/repositories/session.repository';
import type { TokenService } from '../../../../libs/auth/src/token.service';
import { AuthController } from './auth.controller';

/** How the web console signs in, by environment (GET /api/v1/auth/console-config). */
describe('console sign-in configuration', () => {
  const secret = 'a-production-secret-of-forty-characters!';
  const controller = (env: Record<string, string>) =>
    // The route reads only the configuration.
    new AuthController(
      null as unknown as DirectoryRepository,
      null as unknown as TokenService,
      null as unknown as SessionRepository,
      validateConfig(env),
    );

  it('offers the seeded users outside production', () => {
    expect(controller({ NODE_ENV: 'development' }).consoleConfig()).toEqual({
      signIn: 'DEV',
      oidc: null,
    });
  });

  it('sends production users to the identity provider with the console’s client id', () => {
    const answer = controller({
      NODE_ENV: 'production',
      JWT_SECRET: secret,
      OIDC_JWKS_URL: 'https://idp.example.gov.cn/jwks',
      OIDC_ISSUER: 'https://idp.example.gov.cn/realms/ip-pledge',
      OIDC_AUDIENCE: 'ip-pledge-api',
      OIDC_CONSOLE_CLIENT_ID: 'ip-pledge-console',
    }).consoleConfig();
    expect(answer).toEqual({
      signIn: 'OIDC',
      oidc: {
        issuer: 'https://idp.example.gov.cn/realms/ip-pledge',
        clientId: 'ip-pledge-console',
        scope: 'openid profile',
      },
    });
  });

  it('offers no way in in production without the console’s client id', () => {
    expect(controller({ NODE_ENV: 'production', JWT_SECRET: secret }).consoleConfig()).toEqual({
      signIn: 'NONE',
      oidc: null,
    });
  });
});
