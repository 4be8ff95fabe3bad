import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { checkTargetUrl, isForbiddenAddress } from '../domain/address-policy';
import { HttpError } from './errors';

/**
 * Refuses an endpoint URL at creation when its shape is wrong or it points into a private
 * network. A host name is resolved now too; delivery checks it again when it connects
 * (activities/channels/safe-lookup.ts), since DNS answers change.
 */
export async function assertAllowedTarget(url: string, allowPrivate: boolean): Promise<void> {
  const problem = checkTargetUrl(url, allowPrivate);
  const refuse = (message: string) =>
    new HttpError(400, 'invalid_target', `url ${message}`, [{ in: 'body', path: '/url', message }]);
  if (problem) throw refuse(problem);
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return; // not resolvable yet: delivery will retry and check again
  }
  if (addresses.length > 0 && addresses.every((a) => isForbiddenAddress(a.address))) {
    throw refuse(`resolves to private or reserved addresses only (${addresses.map((a) => a.address).join(', ')})`);
  }
}
