// Local HTTP/2 TLS servers that behave like APNs and FCM where Herald relies on it: they verify
// the provider token's ES256 signature with the public half of the uploaded key, its kid and iss;
// the OAuth2 assertion's RS256 signature, iss, aud and scope; the bearer token on sends; and answer
// as a test scripts them. The certificate is made for 127.0.0.1 by openssl, trusted through `ca`.
import { execFileSync } from 'node:child_process';
import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface TestCertificate {
  key: string;
  cert: string;
}

export function makeCertificate(): TestCertificate {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Seen {
  path: string;
  headers: http2.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request was complete. */
  at: number;
}

/** What a peer answers: `body` as JSON, or `raw` text as it is (a provider answering badly). */
type Answer = { status: number; body?: object; raw?: string; headers?: Record<string, string> };
type Script = (n: number, seen: Seen) => Answer;

function decodeJwt(jwt: string, key: KeyObject, alg: 'ES256' | 'RS256') {
  try {
    return decodeJwtOrThrow(jwt, key, alg);
  } catch {
    return { header: {}, claims: {}, ok: false };
  }
}

function decodeJwtOrThrow(jwt: string, key: KeyObject, alg: 'ES256' | 'RS256') {
  const [h, c, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
  const ok =
    header.alg === alg &&
    verify('sha256', Buffer.from(`${h}.${c}`), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key, Buffer.from(s, 'base64url'));
  return { header, claims, ok };
}

async function serve(cert: TestCertificate, handle: (seen: Seen) => Answer) {
  const server = http2.createSecureServer({ key: cert.key, cert: cert.cert });
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const answer = handle({ path: String(headers[':path']), headers, body: Buffer.concat(chunks).toString(), at: Date.now() });
      stream.respond({ ':status': answer.status, 'content-type': 'application/json', ...answer.headers });
      stream.end(answer.raw ?? (answer.body ? JSON.stringify(answer.body) : ''));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Stops listening and ends the clients' sessions (server.close alone waits for them). */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

/** An APNs look-alike for one key. Requests whose provider token does not verify get 403 InvalidProviderToken, as Apple answers. */
export async function startApnsPeer(cert: TestCertificate, key: { privateKey: string; keyId: string; teamId: string }, script: Script = () => ({ status: 200 })) {
  const publicKey = createPublicKey(key.privateKey);
  const requests: (Seen & { tokenValid: boolean })[] = [];
  let n = 0;
  const server = await serve(cert, (seen) => {
    const jwt = String(seen.headers.authorization ?? '').replace(/^bearer /, '');
    const { header, claims, ok } = decodeJwt(jwt, publicKey, 'ES256');
    const tokenValid = ok && header.kid === key.keyId && claims.iss === key.teamId && typeof claims.iat === 'number';
    requests.push({ ...seen, tokenValid });
    if (!tokenValid) return { status: 403, body: { reason: 'InvalidProviderToken' } };
    const answer = script(n++, seen);
    return { ...answer, headers: { 'apns-id': randomUUID(), ...answer.headers } };
  });
  return { ...server, requests };
}

/** A Google look-alike: the token endpoint and FCM's messages:send, for one service account. */
export async function startFcmPeer(cert: TestCertificate, account: { client_email: string; private_key: string }, script: Script = () => ({ status: 200 }), tokenScript?: Script) {
  const publicKey = createPublicKey(account.private_key);
  const issued = new Set<string>();
  const tokenRequests: Seen[] = [];
  const sends: (Seen & { authorized: boolean })[] = [];
  let n = 0;
  let t = 0;
  const server = await serve(cert, (seen) => {
    if (seen.path === '/token') {
      tokenRequests.push(seen);
      const form = new URLSearchParams(seen.body);
      const { claims, ok } = decodeJwt(form.get('assertion') ?? '', publicKey, 'RS256');
      const scripted = tokenScript?.(t++, seen);
      if (scripted) return scripted;
      const valid = ok && form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:jwt-bearer' && claims.iss === account.client_email &&
        claims.scope === 'https://www.googleapis.com/auth/firebase.messaging' && String(claims.aud).endsWith('/token') && claims.exp > claims.iat;
      if (!valid) return { status: 400, body: { error: 'invalid_grant' } };
      const accessToken = `ya29.${randomUUID()}`;
      issued.add(accessToken);
      return { status: 200, body: { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' } };
    }
    const authorized = issued.has(String(seen.headers.authorization ?? '').replace(/^Bearer /, ''));
    sends.push({ ...seen, authorized });
    if (!authorized) return { status: 401, body: { error: { status: 'UNAUTHENTICATED', message: 'Request had invalid authentication credentials.' } } };
    return script(n++, seen);
  });
  return { ...server, tokenRequests, sends, revokeTokens: () => issued.clear() };
}
