// DNS resolution that refuses private addresses and hands the socket the very address it checked,
// so a host name that resolves to a public address at check time and a private one at connect
// time (DNS rebinding) cannot slip through: there is only one resolution.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isForbiddenAddress } from '../../domain/address-policy';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export function safeLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    const allowed = addresses.filter((a) => !isForbiddenAddress(a.address));
    if (allowed.length === 0) {
      const refused: NodeJS.ErrnoException = new Error(
        `${hostname} resolves only to private or reserved addresses (${addresses.map((a) => a.address).join(', ')})`,
      );
      refused.code = 'EADDRREFUSED_PRIVATE';
      return callback(refused, '');
    }
    if (options.all) return callback(null, allowed);
    callback(null, allowed[0].address, allowed[0].family);
  });
}
