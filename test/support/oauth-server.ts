// A real OAuth 2.0 token endpoint on loopback for the client credentials grant (RFC 6749 §4.4), as
// an identity provider before a customer's webhook receiver runs one: it authenticates the client
// by HTTP Basic (client_secret_basic, §2.3.1) or by body parameters (client_secret_post), issues
// random bearer tokens with a lifetime, and can revoke them all so a receiver starts answering 401
// and Herald has to fetch a new token. bearerReceiver() is such a receiver for startReceiver().
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Responder } from './receiver';

export interface IssuedToken {
  token: string;
  scope?: string;
  /** How the client authenticated: HTTP Basic or client_id/client_secret in the body. */
  auth: 'basic' | 'post';
  at: number;
}

export interface OAuthServer {
  /** `http://127.0.0.1:port/oauth/token`. */
  tokenUrl: string;
  /** Every token handed out, in order. */
  issued: IssuedToken[];
  /** Token requests refused (any 4xx answer), by error code in order. */
  refused: string[];
  /** Issued here, not revoked, not expired. */
  isValid(token: string): boolean;
  /** Makes every token issued so far invalid (tokens issued later are valid). */
  revokeAll(): void;
  close(): Promise<void>;
}

/** RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are joined and base64ed. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined; // malformed percent-encoding
  }
}

export async function startOAuthServer(options: { clientId: string; clientSecret: string; expiresIn?: number }): Promise<OAuthServer> {
  const expiresIn = options.expiresIn ?? 3600;
  const issued: IssuedToken[] = [];
  const refused: string[] = [];
  const live = new Map<string, number>(); // token → expiry (ms)

  const json = (res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) => {
    // §5.1: token responses, and errors alike, must not be cached.
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'cache-control': 'no-store', pragma: 'no-cache', ...headers });
    res.end(JSON.stringify(body));
  };
  const refuse = (res: ServerResponse, status: number, error: string, headers: Record<string, string> = {}) => {
    refused.push(error);
    json(res, status, { error }, headers);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/oauth/token') return refuse(res, 404, 'not_found');
      if (req.method !== 'POST') return refuse(res, 405, 'invalid_request', { allow: 'POST' });
      if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 400, 'invalid_request');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));

      const basic = basicCredentials(req.headers.authorization);
      const inBody = form.has('client_id') || form.has('client_secret');
      // §2.3: a client must not use more than one authentication method in a request.
      if (basic && inBody) return refuse(res, 400, 'invalid_request');
      const credentials = basic ?? (inBody ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' } : undefined);
      if (!credentials || credentials.id !== options.clientId || credentials.secret !== options.clientSecret) {
        return refuse(res, 401, 'invalid_client', { 'www-authenticate': 'Basic realm="herald-test-oauth"' });
      }

      const grant = form.get('grant_type');
      if (!grant) return refuse(res, 400, 'invalid_request');
      if (grant !== 'client_credentials') return refuse(res, 400, 'unsupported_grant_type');

      const scope = form.get('scope') ?? undefined;
      const token = randomBytes(24).toString('base64url');
      const at = Date.now();
      live.set(token, at + expiresIn * 1000);
      issued.push({ token, ...(scope !== undefined ? { scope } : {}), auth: basic ? 'basic' : 'post', at });
      json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn, ...(scope !== undefined ? { scope } : {}) });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    issued,
    refused,
    isValid: (token) => (live.get(token) ?? 0) > Date.now(),
    revokeAll: () => live.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A Responder for startReceiver(): 200 for `Authorization: Bearer <token valid at oauth>`, else 401
 * with a challenge (RFC 6750 §3: `error="invalid_token"` for a bad token, none when none was sent).
 */
export function bearerReceiver(oauth: Pick<OAuthServer, 'isValid'>): Responder {
  return (_n, request, res) => {
    const header = request.headers.authorization;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (token !== undefined && oauth.isValid(token)) {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const challenge = header === undefined ? 'Bearer realm="herald-test"' : 'Bearer realm="herald-test", error="invalid_token"';
    res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': challenge }).end('unauthorized');
  };
}
