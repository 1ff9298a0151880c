import 'reflect-metadata';
import { validateConfig } from './config';

describe('validateConfig: secrets and token lifetimes', () => {
  const strong = 'a-production-secret-of-forty-characters!';

  it.each([
    ['production without a secret', { NODE_ENV: 'production' }],
    ['test without a secret', { NODE_ENV: 'test' }],
    [
      'production with the development default',
      { NODE_ENV: 'production', JWT_SECRET: 'development-only-secret-change-me' },
    ],
    ['production with a short secret', { NODE_ENV: 'production', JWT_SECRET: 'short-secret' }],
    ['a token lifetime over 8 hours', { JWT_TTL_SECONDS: String(8 * 3600 + 1) }],
    ['an identity provider without issuer and audience', { OIDC_JWKS_URL: 'https://idp/jwks' }],
  ])('refuses to start with %s', (_label, env) => {
    expect(() => validateConfig(env)).toThrow(/Invalid configuration/);
  });

  it.each([
    ['development without a secret', {}],
    ['production with a strong secret', { NODE_ENV: 'production', JWT_SECRET: strong }],
    ['a shorter token lifetime', { JWT_TTL_SECONDS: '3600' }],
  ])('starts with %s', (_label, env) => {
    expect(() => validateConfig(env)).not.toThrow();
  });

  it('keeps tokens at 8 hours by default and lower when configured', () => {
    expect(validateConfig({}).JWT_TTL_SECONDS).toBe(8 * 3600);
    expect(validateConfig({ JWT_TTL_SECONDS: '1800' }).JWT_TTL_SECONDS).toBe(1800);
  });
});
