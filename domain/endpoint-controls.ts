// What an endpoint may carry beyond its URL and subscription (issue "delivery controls"): extra
// headers, OAuth 2.0 client credentials, a client certificate for mutual TLS, a rate limit, a
// payload filter and a transformation. This file says what a valid one is; db/endpoint-controls.ts
// seals and stores them, activities/channels/webhook.ts applies them.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { filterProblems } from './event-filter';

export interface OAuth2Auth {
  type: 'oauth2';
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface ClientTls {
  certificate: string;
  privateKey: string;
  /** Pins the receiver's CA: only certificates it issued are trusted (Node's roots are not). */
  ca?: string;
}

/** What an endpoint's delivery needs of its controls, secrets opened (its filter is routing's). */
export interface DeliveryControls {
  rateLimit?: number;
  transformation?: string;
  headers?: Record<string, string>;
  auth?: OAuth2Auth;
  tls?: ClientTls;
}

export const RATE_LIMIT_RANGE = { min: 1, max: 10_000 } as const;
export const MAX_EXTRA_HEADERS = 20;

/**
 * Headers Herald sets or the connection owns: a receiver verifies Herald's (webhook-*), and the
 * others would break or smuggle the request (a second Host, a Content-Length that lies).
 */
const RESERVED_HEADER = /^(webhook-.*|content-type|content-length|host|user-agent|transfer-encoding|connection|keep-alive|upgrade|te|trailer|proxy-.*|expect)$/i;
// RFC 9110 §5.6.2: a header name is a token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

export interface ControlProblem {
  path: string;
  message: string;
}

export function headerProblems(headers: Record<string, unknown>, withAuth: boolean): ControlProblem[] {
  const problems: ControlProblem[] = [];
  const names = Object.keys(headers);
  if (names.length > MAX_EXTRA_HEADERS) problems.push({ path: '/headers', message: `has ${names.length} headers; at most ${MAX_EXTRA_HEADERS}` });
  const seen = new Set<string>();
  for (const name of names) {
    const path = `/headers/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const value = headers[name];
    if (!HEADER_NAME.test(name)) problems.push({ path, message: 'is not a valid header name (letters, digits and !#$%&\'*+.^_`|~- only)' });
    else if (RESERVED_HEADER.test(name)) problems.push({ path, message: 'is a header Herald sets itself (webhook-*, content-type, content-length, host, user-agent, and connection headers)' });
    else if (withAuth && name.toLowerCase() === 'authorization') problems.push({ path, message: 'is set by auth (the OAuth 2.0 token); give one or the other' });
    else if (seen.has(name.toLowerCase())) problems.push({ path, message: 'is given twice (header names are case-insensitive)' });
    seen.add(name.toLowerCase());
    if (typeof value !== 'string') problems.push({ path, message: 'must be a string' });
    else if (/[\r\n\0]/.test(value)) problems.push({ path, message: 'contains CR, LF or NUL, which would end the header (header injection)' });
    // RFC 9110 §5.5: visible characters, spaces and tabs (and obsolete bytes past 0x7f); undici refuses the rest on every send.
    else if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) problems.push({ path, message: 'contains a control character or a character past U+00FF, which a header value may not' });
    else if (value.length > 4096) problems.push({ path, message: 'is longer than 4096 characters' });
  }
  return problems;
}

/** What an operator sees of a client certificate: never the key. */
export interface TlsInfo {
  subject: string;
  issuer: string;
  notAfter: string;
  fingerprint256: string;
  caPinned: boolean;
}

/** The certificate and key parse, belong together, and the pinned CA parses; or what is wrong. */
export function tlsProblems(tls: ClientTls): { problems: ControlProblem[]; info?: TlsInfo } {
  const problems: ControlProblem[] = [];
  let cert: X509Certificate | undefined;
  let key: KeyObject | undefined;
  try {
    cert = new X509Certificate(tls.certificate);
  } catch (err) {
    problems.push({ path: '/tls/certificate', message: `is not a PEM certificate (${(err as Error).message})` });
  }
  try {
    key = createPrivateKey(tls.privateKey);
  } catch (err) {
    problems.push({ path: '/tls/privateKey', message: `is not an unencrypted PEM private key (${(err as Error).message})` });
  }
  if (cert && key && !cert.checkPrivateKey(key)) problems.push({ path: '/tls/privateKey', message: 'is not the key of the certificate' });
  if (cert && new Date(cert.validTo).getTime() < Date.now()) problems.push({ path: '/tls/certificate', message: `expired on ${new Date(cert.validTo).toISOString()}` });
  if (tls.ca !== undefined) {
    try {
      new X509Certificate(tls.ca);
    } catch (err) {
      problems.push({ path: '/tls/ca', message: `is not a PEM certificate (${(err as Error).message})` });
    }
  }
  if (problems.length > 0 || !cert) return { problems };
  return {
    problems,
    info: { subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '), notAfter: new Date(cert.validTo).toISOString(), fingerprint256: cert.fingerprint256, caPinned: tls.ca !== undefined },
  };
}

/** A filter's problems as the API names them (under /filter). */
export function filterControlProblems(filter: unknown): ControlProblem[] {
  return filterProblems(filter).map((p) => ({ path: `/filter${p.path}`, message: p.message }));
}
