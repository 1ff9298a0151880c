/**
 * Production sign-in: the authorization code flow with PKCE (S256) against the identity
 * provider named by GET /api/v1/auth/console-config. The verifier and state live in
 * sessionStorage between the redirect and the callback.
 */
const PENDING_KEY = 'console.oidc.pending';
export const CALLBACK_PATH = '/auth/callback';

interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

function randomString(bytes = 32): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return base64Url(data);
}

function base64Url(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`identity provider discovery failed (${response.status})`);
  return (await response.json()) as Discovery;
}

function redirectUri(): string {
  return `${window.location.origin}${CALLBACK_PATH}`;
}

/** Leaves for the provider's login page. */
export async function startOidcSignIn(settings: OidcSettings): Promise<void> {
  const { authorization_endpoint } = await discover(settings.issuer);
  const verifier = randomString(48);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const state = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, settings }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    code_challenge: base64Url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** Back from the provider: trades the code for an access token (the API's bearer token). */
export async function finishOidcSignIn(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!pending) throw new Error('no sign-in in progress');
  const { verifier, state, settings } = JSON.parse(pending) as {
    verifier: string;
    state: string;
    settings: OidcSettings;
  };
  const code = params.get('code');
  if (!code || params.get('state') !== state) throw new Error('the sign-in answer does not match');
  const { token_endpoint } = await discover(settings.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: verifier,
    }),
  });
  if (!response.ok) throw new Error(`the token exchange failed (${response.status})`);
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) throw new Error('the provider sent no access token');
  return tokens.access_token;
}
