// What an app uploads so Herald can push for it, checked before anything is stored: an APNs
// token-auth key (Apple's .p8: an EC P-256 private key in PEM, with its key id, team id and the
// app's bundle id as topic) or an FCM service account (the Google JSON, whose private key signs
// the OAuth2 JWT grant at its token_uri). A problem names the field it is in.
// https://developer.apple.com/documentation/usernotifications/establishing-a-token-based-connection-to-apns
// https://firebase.google.com/docs/cloud-messaging/auth-server
import { createPrivateKey } from 'node:crypto';
import { checkTargetUrl } from './address-policy';

export type PushPlatform = 'apns' | 'fcm';
export type ApnsEnvironment = 'sandbox' | 'production';

export interface ApnsKey {
  keyId: string;
  teamId: string;
  topic: string;
  privateKey: string;
}

export interface FcmServiceAccount {
  client_email: string;
  private_key: string;
  project_id: string;
  token_uri: string;
  [field: string]: unknown;
}

export interface CredentialProblem {
  path: string;
  message: string;
}

function keyDetails(pem: string) {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    return { type: key.asymmetricKeyType, curve: key.asymmetricKeyDetails?.namedCurve };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Problems with an APNs key; empty when Herald can sign ES256 provider tokens with it. */
export function checkApnsKey(key: ApnsKey): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  const details = keyDetails(key.privateKey);
  if ('error' in details) {
    problems.push({ path: '/privateKey', message: `is not a PEM private key (the .p8 file's text): ${details.error}` });
  } else if (details.type !== 'ec' || details.curve !== 'prime256v1') {
    problems.push({ path: '/privateKey', message: `must be an EC P-256 key (APNs signs ES256); this is ${details.type}${details.curve ? ` on ${details.curve}` : ''}` });
  }
  return problems;
}

/** Problems with a Google service account; empty when Herald can get FCM access tokens with it. */
export function checkServiceAccount(account: Record<string, unknown>, allowPrivateTargets: boolean): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  for (const field of ['client_email', 'private_key', 'project_id', 'token_uri']) {
    if (typeof account[field] !== 'string' || account[field] === '') {
      problems.push({ path: `/serviceAccount/${field}`, message: 'is required (a string, as in the JSON Google gives for a service account)' });
    }
  }
  if (typeof account.private_key === 'string' && account.private_key !== '') {
    const details = keyDetails(account.private_key);
    if ('error' in details) problems.push({ path: '/serviceAccount/private_key', message: `is not a PEM private key: ${details.error}` });
    else if (details.type !== 'rsa') problems.push({ path: '/serviceAccount/private_key', message: `must be an RSA key (Google signs RS256); this is ${details.type}` });
  }
  if (typeof account.token_uri === 'string' && account.token_uri !== '') {
    // The signed assertion it carries is a login: never over plain HTTP.
    const problem = checkTargetUrl(account.token_uri, allowPrivateTargets) ?? (account.token_uri.startsWith('https://') ? undefined : 'must be an https:// URL');
    if (problem) problems.push({ path: '/serviceAccount/token_uri', message: problem });
  }
  if (typeof account.client_email === 'string' && account.client_email !== '' && !/^[^@\s]+@[^@\s]+$/.test(account.client_email)) {
    problems.push({ path: '/serviceAccount/client_email', message: 'is not an email address' });
  }
  return problems;
}

/** Whole days until a credential expires (negative once past), as consoles show it. */
export function daysToExpiry(expiresAt: Date, now: Date): number {
  return Math.ceil((expiresAt.getTime() - now.getTime()) / 86_400_000);
}
