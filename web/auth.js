// Access tokens for the page.
//
// Local stack (GET /_local/health answers 200): tokens come from POST /_local/token for the store
// account typed into the page; the API is on the same origin.
//
// Deployed: the OAuth 2.0 authorization code flow with PKCE (RFC 7636) against the JWT issuer the
// template's authorizer trusts, configured by config.json next to index.html:
//   {"issuer": "https://cognito-idp.REGION.amazonaws.com/POOL_ID", "clientId": "...",
//    "apiBaseUrl": "https://API_ID.execute-api.REGION.amazonaws.com",
//    "scopes": ["orders:write", "returns:write", "returns:read"]}
// The client must be a public client (no secret) with this page's URL as a redirect URI, and the
// API must allow the page's origin (CORS) when they are on different origins.
// This flow cannot be tested here against a real issuer: it is kept small and plain on purpose.
// The token is kept in sessionStorage (this tab only) and dropped when it expires; there is no
// refresh token handling: signing in again is one click.

const LOCAL_SCOPES = ['orders:write', 'returns:write', 'returns:read'];
const PENDING_KEY = 'order-returns.pkce';
const TOKEN_KEY = 'order-returns.token';

/** What the page runs against: {mode: 'local'|'deployed', apiBaseUrl, config?}. */
export async function detectMode() {
  try {
    const health = await fetch('/_local/health', { cache: 'no-store' });
    if (health.status === 200) return { mode: 'local', apiBaseUrl: '' };
  } catch {
    // not the local stack
  }
  let config;
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    config = await response.json();
  } catch (e) {
    throw new Error(`This page needs the local stack or a config.json next to it (${e.message}).`);
  }
  for (const key of ['issuer', 'clientId', 'apiBaseUrl']) {
    if (typeof config[key] !== 'string' || !config[key]) throw new Error(`config.json has no ${key}.`);
  }
  return { mode: 'deployed', apiBaseUrl: config.apiBaseUrl.replace(/\/+$/, ''), config };
}

// ---- local stack -----------------------------------------------------------------------------

const localTokens = new Map(); // account -> {token, expiresAt}

/** A local-stack token for the account (cached until shortly before it expires). */
export async function localToken(account, { fresh = false } = {}) {
  const cached = localTokens.get(account);
  if (!fresh && cached && cached.expiresAt > Date.now() + 30_000) return cached.token;
  const response = await fetch('/_local/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, scopes: LOCAL_SCOPES }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(`The local stack gave no token: ${body.message ?? `HTTP ${response.status}`}`);
  }
  const { token } = await response.json();
  localTokens.set(account, { token, expiresAt: expiryOf(token) });
  return token;
}

// ---- deployed: authorization code flow with PKCE ---------------------------------------------

async function discover(issuer) {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot read ${url}: HTTP ${response.status}`);
  return response.json();
}

/** The page's own address without query or fragment: the redirect URI registered with the issuer. */
function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to the issuer's sign-in page; comes back to this page with ?code&state. */
export async function signIn(config) {
  const { authorization_endpoint: authorize } = await discover(config.issuer);
  const verifier = randomString(48);
  const state = randomString(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  // keep what we need after the redirect, including the page's query (e.g. ?order=ID)
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: location.search }));
  const url = new URL(authorize);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: ['openid', ...(config.scopes ?? [])].join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * On the way back from the issuer: swaps ?code for a token, restores the page's own query.
 * Returns true when it handled a redirect.
 */
export async function completeSignIn(config) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? ''}`);
  if (params.has('error')) {
    throw new Error(`Sign-in failed: ${params.get('error_description') ?? params.get('error')}`);
  }
  if (!pending || params.get('state') !== pending.state) {
    throw new Error('Sign-in failed: the answer does not belong to this sign-in (state mismatch). Try again.');
  }
  const { token_endpoint: tokenEndpoint } = await discover(config.issuer);
  const response = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) {
    throw new Error(`Sign-in failed: ${body.error_description ?? body.error ?? `HTTP ${response.status}`}`);
  }
  const expiresAt = Date.now() + (Number(body.expires_in) || 3600) * 1000;
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ token: body.access_token, expiresAt }));
  return true;
}

/** The signed-in user's access token, or null when there is none (or it expired). */
export function deployedToken() {
  const stored = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null');
  if (!stored || stored.expiresAt <= Date.now() + 30_000) return null;
  return stored.token;
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

// ---- helpers -----------------------------------------------------------------------------------

function base64url(bytes) {
  const binary = String.fromCharCode(...new Uint8Array(bytes));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(byteCount) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** The token's exp claim in milliseconds (one minute from now when it cannot be read). */
function expiryOf(jwt) {
  try {
    const payload = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    // an opaque token: ask again soon
  }
  return Date.now() + 60_000;
}
