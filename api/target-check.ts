import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { checkTargetUrl, isForbiddenAddress } from '../domain/address-policy';
import type { HostLookup } from '../activities/channels/safe-lookup';
import { HttpError } from './errors';

function resolveAll(lookup: HostLookup, host: string): Promise<{ address: string }[]> {
  return new Promise((resolve, reject) => lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/**
 * Refuses an endpoint URL at creation (or when a PATCH changes it) when its shape is wrong or it
 * points into a private network. A host name is resolved now too; delivery checks it again when
 * it connects (activities/channels/safe-lookup.ts), since DNS answers change.
 */
export async function assertAllowedTarget(url: string, allowPrivate: boolean, lookup: HostLookup = dnsLookup as HostLookup, path = '/url'): Promise<void> {
  const problem = checkTargetUrl(url, allowPrivate);
  const refuse = (message: string) =>
    new HttpError(400, 'invalid_target', `body ${path} ${message}`, [{ in: 'body', path, message }]);
  if (problem) throw refuse(problem);
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await resolveAll(lookup, host);
  } catch {
    return; // not resolvable yet: delivery will retry and check again
  }
  // Which internal address a name has is not the tenant's to learn: the refusal says only that.
  if (addresses.length > 0 && addresses.every((a) => isForbiddenAddress(a.address))) {
    throw refuse('resolves to private or reserved addresses only');
  }
}
