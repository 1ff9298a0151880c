import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Who a token speaks for, as the directory says now, and whether its session still holds. */
export interface SessionIdentity {
  userId: string;
  username: string;
  role: string;
  organisationId: string;
  active: boolean;
  /** Epoch milliseconds: provider tokens issued before this are refused. */
  sessionsValidFrom: number;
  /** Null when the token has no session row yet (a provider token on first use). */
  session: { userId: string; revoked: boolean } | null;
}

export interface NewSession {
  jti: string;
  userId: string;
  issuer: string;
  issuedAt: Date;
  expiresAt: Date;
}

const IDENTITY_COLUMNS = `
  u.id AS "userId", u.username, u.role, u.organisation_id AS "organisationId", u.active,
  (extract(epoch FROM u.sessions_valid_from) * 1000)::float8 AS "sessionsValidFrom",
  s.user_id AS "sessionUserId", s.revoked_at IS NOT NULL AS "sessionRevoked"`;

type IdentityRow = Omit<SessionIdentity, 'session'> & {
  sessionUserId: string | null;
  sessionRevoked: boolean | null;
};

function identityOf(row: IdentityRow | undefined): SessionIdentity | null {
  if (!row) return null;
  const { sessionUserId, sessionRevoked, ...user } = row;
  return {
    ...user,
    session: sessionUserId ? { userId: sessionUserId, revoked: Boolean(sessionRevoked) } : null,
  };
}

/** Token sessions (user_session) and the directory facts a request is authorised on. */
@Injectable()
export class SessionRepository {
  constructor(private readonly db: DataSource) {}

  /** One indexed lookup per request: the user by id with the token's session, if any. */
  identityByUserId(userId: string, jti: string): Promise<SessionIdentity | null> {
    return this.identity('u.id', userId, jti);
  }

  /** The directory user an external identity provider's subject is mapped to. */
  identityByExternalSubject(subject: string, jti: string): Promise<SessionIdentity | null> {
    return this.identity('u.external_subject', subject, jti);
  }

  private async identity(
    key: 'u.id' | 'u.external_subject',
    value: string,
    jti: string,
  ): Promise<SessionIdentity | null> {
    const rows: IdentityRow[] = await this.db.query(
      `SELECT ${IDENTITY_COLUMNS}
         FROM app_user u LEFT JOIN user_session s ON s.jti = $2
        WHERE ${key} = $1`,
      [value, jti],
    );
    return identityOf(rows[0]);
  }

  /** Records a session; a second record of the same token is a no-op. */
  async open(session: NewSession): Promise<void> {
    await this.db.query(
      `INSERT INTO user_session (jti, user_id, issuer, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (jti) DO NOTHING`,
      [session.jti, session.userId, session.issuer, session.issuedAt, session.expiresAt],
    );
  }

  /** Logout: the token's own session ends now. */
  async revoke(jti: string, by: string): Promise<void> {
    await this.db.query(
      `UPDATE user_session SET revoked_at = now(), revoked_by = $2
        WHERE jti = $1 AND revoked_at IS NULL`,
      [jti, by],
    );
  }

  /**
   * Every session of the user ends now, and tokens issued before now that have no session yet
   * (an identity provider's) are refused. Returns how many sessions were live, or null for an
   * unknown user.
   */
  async revokeAll(userId: string, by: string): Promise<number | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    return this.db.transaction(async (tx) => {
      const [users]: [unknown[], number] = await tx.query(
        `UPDATE app_user SET sessions_valid_from = now() WHERE id = $1 RETURNING id`,
        [userId],
      );
      if (users.length === 0) return null;
      const [revoked]: [unknown[], number] = await tx.query(
        `UPDATE user_session SET revoked_at = now(), revoked_by = $2
          WHERE user_id = $1 AND revoked_at IS NULL RETURNING jti`,
        [userId, by],
      );
      return revoked.length;
    });
  }
}
