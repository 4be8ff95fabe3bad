// Compact JWS (RFC 7515) as the push providers want them: ES256 provider tokens for APNs and
// RS256 assertions for Google's OAuth2 JWT-bearer grant (RFC 7523).
import { sign } from 'node:crypto';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function signJwt(alg: 'ES256' | 'RS256', privateKeyPem: string, header: Record<string, string>, claims: Record<string, unknown>): string {
  const input = `${b64url(JSON.stringify({ alg, typ: 'JWT', ...header }))}.${b64url(JSON.stringify(claims))}`;
  // JWS wants an ECDSA signature as the raw r‖s pair, not DER (RFC 7518 §3.4).
  const signature = sign('sha256', Buffer.from(input), alg === 'ES256' ? { key: privateKeyPem, dsaEncoding: 'ieee-p1363' } : privateKeyPem);
  return `${input}.${b64url(signature)}`;
}
