import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { AppConfig, MAX_TOKEN_LIFETIME_SECONDS } from '../../common/src/config';
import { JwksKeys } from './jwks';

/** The issuer of the API's own tokens. */
export const LOCAL_ISSUER = 'ip-pledge';
/** Clock difference tolerated between the API and an identity provider. */
const CLOCK_SKEW_SECONDS = 60;

/** What a verified token says, before the directory is asked who it is. */
export interface VerifiedToken {
  /** `local`: the API issued it (sub is a user id); `external`: the identity provider did. */
  source: 'local' | 'external';
  subject: string;
  jti: string;
  issuedAt: number;
  expiresAt: number;
  /** The role and organisation the API wrote into its own token: they must still hold. */
  role?: string;
  organisationId?: string;
}

export type TokenRejection =
  | 'MALFORMED'
  | 'BAD_SIGNATURE_OR_EXPIRED'
  | 'MISSING_CLAIM'
  | 'LIFETIME_TOO_LONG'
  | 'ISSUED_IN_FUTURE'
  | 'UNKNOWN_ISSUER';

export class TokenRejected extends Error {
  constructor(readonly reason: TokenRejection) {
    super(`token rejected: ${reason}`);
  }
}

interface Claims {
  sub?: unknown;
  jti?: unknown;
  iat?: unknown;
  exp?: unknown;
  iss?: unknown;
  role?: unknown;
  org?: unknown;
}

/**
 * Issues the API's own tokens (HS256, at most 8 hours, with `iat` and `jti`) and verifies both
 * those and, when configured, an identity provider's RS256/ES256 tokens against its JWKS.
 */
@Injectable()
export class TokenService {
  private readonly jwks: JwksKeys | null;
  /**
   * The HS256 secret as a key object, made once: given a string, jsonwebtoken first tries to
   * read it as a public key and catches the failure, on every token it checks. (@nestjs/jwt
   * types the secret as string or Buffer; jsonwebtoken, which it hands it to, takes this too.)
   */
  private readonly localKey: KeyObject;
  private get localSecret(): Buffer {
    return this.localKey as unknown as Buffer;
  }

  constructor(
    private readonly jwt: JwtService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.jwks = config.OIDC_JWKS_URL
      ? new JwksKeys(config.OIDC_JWKS_URL, config.OIDC_JWKS_REFETCH_SECONDS * 1000)
      : null;
    this.localKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  /** A token for a directory user; the caller records its session. */
  async issue(user: { id: string; username: string; role: string; organisationId: string }) {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.config.JWT_TTL_SECONDS;
    const jti = randomUUID();
    const token = await this.jwt.signAsync(
      {
        sub: user.id,
        username: user.username,
        role: user.role,
        org: user.organisationId,
        jti,
        iat: issuedAt,
        exp: expiresAt,
      },
      { algorithm: 'HS256', issuer: LOCAL_ISSUER, secret: this.localSecret },
    );
    return { token, jti, issuedAt, expiresAt };
  }

  /** @throws TokenRejected with the reason (never shown to the caller beyond "invalid"). */
  async verify(token: string): Promise<VerifiedToken> {
    const header = this.headerOf(token);
    let claims: Claims;
    let source: VerifiedToken['source'];
    try {
      if (header.alg === 'HS256') {
        source = 'local';
        claims = await this.jwt.verifyAsync<Claims>(token, {
          algorithms: ['HS256'],
          issuer: LOCAL_ISSUER,
          secret: this.localSecret,
        });
      } else if ((header.alg === 'RS256' || header.alg === 'ES256') && this.jwks && header.kid) {
        source = 'external';
        const key = await this.jwks.key(header.kid);
        if (!key || (key.alg && key.alg !== header.alg)) throw new TokenRejected('UNKNOWN_ISSUER');
        claims = await this.jwt.verifyAsync<Claims>(token, {
          algorithms: [header.alg],
          publicKey: key.pem,
          issuer: this.config.OIDC_ISSUER,
          audience: this.config.OIDC_AUDIENCE,
          clockTolerance: CLOCK_SKEW_SECONDS,
        });
      } else throw new TokenRejected('UNKNOWN_ISSUER');
    } catch (error) {
      if (error instanceof TokenRejected) throw error;
      throw new TokenRejected('BAD_SIGNATURE_OR_EXPIRED');
    }
    return checkedClaims(claims, source);
  }

  private headerOf(token: string): { alg?: string; kid?: string } {
    const [encoded] = token.split('.');
    try {
      const header = JSON.parse(Buffer.from(encoded ?? '', 'base64url').toString('utf8'));
      if (header && typeof header === 'object') return header as { alg?: string; kid?: string };
    } catch {
      // fall through
    }
    throw new TokenRejected('MALFORMED');
  }
}

/**
 * The claims every token must carry, whoever issued it: `sub`, `jti`, `iat` and `exp`, a
 * lifetime of at most 8 hours, and not issued in the future.
 */
export function checkedClaims(claims: Claims, source: VerifiedToken['source']): VerifiedToken {
  const { sub, jti, iat, exp } = claims;
  if (
    typeof sub !== 'string' ||
    sub.length === 0 ||
    typeof jti !== 'string' ||
    jti.length === 0 ||
    typeof iat !== 'number' ||
    typeof exp !== 'number'
  )
    throw new TokenRejected('MISSING_CLAIM');
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) throw new TokenRejected('LIFETIME_TOO_LONG');
  if (iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new TokenRejected('ISSUED_IN_FUTURE');
  return {
    source,
    subject: sub,
    jti,
    issuedAt: iat,
    expiresAt: exp,
    role: typeof claims.role === 'string' ? claims.role : undefined,
    organisationId: typeof claims.org === 'string' ? claims.org : undefined,
  };
}
