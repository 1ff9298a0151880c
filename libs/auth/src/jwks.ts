import { createPublicKey, type JsonWebKey } from 'node:crypto';

/** How long a fetched key set is trusted before it is fetched again. */
const KEY_SET_TTL_MS = 10 * 60 * 1000;

/** The public keys of an identity provider's JWKS endpoint, by key id, as PEM. */
export class JwksKeys {
  private keys = new Map<string, { pem: string; alg?: string }>();
  private fetchedAt = 0;
  private pending: Promise<void> | null = null;

  /**
   * @param refetchIntervalMs a token naming an unknown key refetches the set (the provider
   *   rotated its keys), but at most this often, so that made-up key ids cannot flood it.
   */
  constructor(
    private readonly url: string,
    private readonly refetchIntervalMs: number,
  ) {}

  /** The PEM of key `kid`, fetching the set when stale or when the key is new to us. */
  async key(kid: string): Promise<{ pem: string; alg?: string } | null> {
    const now = Date.now();
    if (now - this.fetchedAt > KEY_SET_TTL_MS) await this.refresh();
    else if (!this.keys.has(kid) && now - this.fetchedAt >= this.refetchIntervalMs)
      await this.refresh();
    return this.keys.get(kid) ?? null;
  }

  private refresh(): Promise<void> {
    this.pending ??= this.fetchKeys().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetchKeys(): Promise<void> {
    const response = await fetch(this.url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`JWKS ${this.url} answered ${response.status}`);
    const body = (await response.json()) as {
      keys?: (JsonWebKey & { kid?: string; use?: string; alg?: string })[];
    };
    const keys = new Map<string, { pem: string; alg?: string }>();
    for (const jwk of body.keys ?? []) {
      if (!jwk.kid || (jwk.use && jwk.use !== 'sig')) continue;
      if (jwk.kty !== 'RSA' && jwk.kty !== 'EC') continue;
      const pem = createPublicKey({ key: jwk, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
      keys.set(jwk.kid, { pem, alg: jwk.alg });
    }
    this.keys = keys;
    this.fetchedAt = Date.now();
  }
}
