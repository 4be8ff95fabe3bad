// OAuth 2.0 client credentials (RFC 6749 §4.4) for endpoints whose receiver wants a bearer token:
// fetched from the token URL with HTTP Basic client authentication (§2.3.1, which every server
// must accept), kept until shortly before it expires, and fetched again when the receiver answers
// 401. Each worker keeps its own: a token is a bearer's, any of them may hold one.
import { createHash } from 'node:crypto';
import { BoundedMap } from '../../domain/bounded-map';
import type { OAuth2Auth } from '../../domain/endpoint-controls';
import type { HttpPoster } from './http-post';

/** A token with no expires_in is kept this long: the server did not say, and a 401 fetches a new one anyway. */
const DEFAULT_LIFETIME_S = 300;
/** Refreshed this long before it expires (or a tenth of its life, if shorter): a token must not expire on its way. */
const EARLY_S = 60;
/** A token answer is small; a JWT with many claims may still pass the log's excerpt cap. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export class TokenUnavailable extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
    this.name = 'TokenUnavailable';
  }
}

// RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded.
const formEncoded = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

export function createTokenCache(poster: Pick<HttpPoster, 'post'>, now: () => number = Date.now) {
  const tokens = new BoundedMap<string, { token: string; renewAt: number }>(10_000);
  // Concurrent deliveries to one endpoint share one token request.
  const fetching = new Map<string, Promise<string>>();

  const keyOf = (auth: OAuth2Auth) => createHash('sha256').update(JSON.stringify([auth.tokenUrl, auth.clientId, auth.clientSecret, auth.scope ?? ''])).digest('base64url');

  async function fetchToken(auth: OAuth2Auth, key: string): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(auth.scope && { scope: auth.scope }) }).toString();
    const basic = Buffer.from(`${formEncoded(auth.clientId)}:${formEncoded(auth.clientSecret)}`).toString('base64');
    const answer = await poster.post(
      auth.tokenUrl,
      { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      form,
      { maxResponseBytes: MAX_TOKEN_RESPONSE_BYTES },
    );
    if (answer.statusCode === undefined) throw new TokenUnavailable(`the OAuth token URL did not answer: ${answer.error}`, Boolean(answer.refused));
    let parsed: { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
    try {
      parsed = JSON.parse(answer.responseExcerpt ?? '') as typeof parsed;
    } catch {
      // Said below, by status.
    }
    if (answer.statusCode !== 200) {
      const said = typeof parsed.error === 'string' ? `: ${parsed.error}${typeof parsed.error_description === 'string' ? ` (${parsed.error_description.slice(0, 200)})` : ''}` : '';
      // A server in trouble may answer later; a refusal of the client waits for the operator, but retrying does no harm.
      throw new TokenUnavailable(`the OAuth token URL answered HTTP ${answer.statusCode}${said}`, false);
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') throw new TokenUnavailable('the OAuth token URL answered 200 without an access_token', false);
    if (typeof parsed.token_type === 'string' && parsed.token_type.toLowerCase() !== 'bearer') {
      throw new TokenUnavailable(`the OAuth token URL gave a ${parsed.token_type} token; Herald sends bearer tokens only`, true);
    }
    const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_LIFETIME_S;
    tokens.set(key, { token: parsed.access_token, renewAt: now() + (lifetime - Math.min(EARLY_S, lifetime / 10)) * 1000 });
    return parsed.access_token;
  }

  return {
    /**
     * A valid token for these credentials; `refused`: the receiver refused that one, so it is not
     * given again (a newer one another delivery fetched meanwhile is). Throws TokenUnavailable.
     */
    token(auth: OAuth2Auth, refused?: string): Promise<string> {
      const key = keyOf(auth);
      const held = tokens.get(key);
      if (held && held.token !== refused && held.renewAt > now()) return Promise.resolve(held.token);
      if (held && held.token === refused) tokens.delete(key);
      let pending = fetching.get(key);
      if (!pending) {
        pending = fetchToken(auth, key).finally(() => fetching.delete(key));
        fetching.set(key, pending);
      }
      return pending;
    },
  };
}

export type TokenCache = ReturnType<typeof createTokenCache>;
