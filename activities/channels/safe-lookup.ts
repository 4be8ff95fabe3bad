// DNS resolution that refuses private addresses and hands the socket the very address it checked,
// so a host name that resolves to a public address at check time and a private one at connect
// time (DNS rebinding) cannot slip through: there is only one resolution.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isForbiddenAddress } from '../../domain/address-policy';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** node:dns's lookup shape (what http.Agent's `lookup` option takes). */
export type HostLookup = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** The error code of a connection refused by the policy: permanent, unlike DNS or network errors. */
export const PRIVATE_TARGET_REFUSED = 'EADDRREFUSED_PRIVATE';

export function createSafeLookup(resolve: HostLookup = dnsLookup as HostLookup) {
  return function safeLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const allowed = addresses.filter((a) => !isForbiddenAddress(a.address));
      if (allowed.length === 0) {
        // The delivery log is the tenant's to read: it names the host, never the internal address.
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves only to private or reserved addresses`);
        refused.code = PRIVATE_TARGET_REFUSED;
        return callback(refused, '');
      }
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
