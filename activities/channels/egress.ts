// How Herald's outgoing HTTP connections are made: straight to the receiver, or through the
// operator's HTTP CONNECT proxy (HERALD_EGRESS_PROXY, e.g. smokescreen) so receivers can allow-list
// fixed addresses; with a client certificate when an endpoint asks for mutual TLS.
//
// Through a proxy, Herald still resolves the receiver's name itself, under the private-address
// policy (safe-lookup.ts), and asks the proxy to CONNECT to the very address it checked: the
// proxy's own resolution cannot move the connection into a private network. TLS is then made
// inside the tunnel, end to end, verifying the receiver's name (SNI and certificate), as without
// a proxy.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type ConnectionOptions } from 'node:tls';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { buildConnector } from 'undici';

/** node:dns's lookup as sockets call it (safe-lookup.ts's or the plain one). */
type Lookup = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => void;

export interface EgressTls {
  /** Trusted CAs (PEM): Node's roots and the operator's extra CA, or a pinned CA alone. */
  ca?: string[];
  cert?: string;
  key?: string;
}

export interface EgressOptions {
  /** HERALD_EGRESS_PROXY: an http:// URL of a CONNECT proxy (credentials in it go as Proxy-Authorization). */
  proxy?: string;
  /** Name resolution for the receiver (the private-address policy's, unless private targets are allowed). */
  lookup?: Lookup;
  timeoutMs: number;
}

/** undici's `connect` option: a direct connection, or one tunnelled through the proxy. */
export function egressConnector(options: EgressOptions, tls: EgressTls = {}): buildConnector.connector {
  const tlsOptions = { ...(tls.ca && { ca: tls.ca }), ...(tls.cert && { cert: tls.cert }), ...(tls.key && { key: tls.key }) };
  if (!options.proxy) {
    return buildConnector({ ...tlsOptions, timeout: options.timeoutMs, ...(options.lookup && { lookup: options.lookup }) } as buildConnector.BuildOptions);
  }
  const proxy = proxyOf(options.proxy);
  return (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    resolveOne(opts.hostname, options.lookup)
      .then((address) => tunnel({ ...proxy, address, port, timeoutMs: options.timeoutMs }))
      .then((socket) => {
        if (opts.protocol !== 'https:') return callback(null, socket);
        const name = opts.hostname.replace(/^\[|\]$/g, '');
        const secured = tlsConnect({
          socket,
          ...tlsOptions,
          ...(!isIP(name) && { servername: opts.servername || name }),
          // Verified against the receiver's name, not the address the tunnel went to.
          host: name,
          ALPNProtocols: ['http/1.1'],
        } as ConnectionOptions);
        secured.once('secureConnect', () => callback(null, secured));
        secured.once('error', (err) => callback(err, null));
      })
      .catch((err: Error) => callback(err, null));
  };
}

function resolveOne(hostname: string, lookup: Lookup | undefined): Promise<string> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) || !lookup) return Promise.resolve(host);
  return new Promise((resolve, reject) =>
    lookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(typeof addresses === 'string' ? addresses : addresses[0].address))),
  );
}

/**
 * A socket through the proxy to the receiver's vetted address, for clients that make their own
 * TLS (push's HTTP/2 sessions): the name resolved under the policy, as for webhooks.
 */
export async function tunnelTo(options: EgressOptions & { proxy: string }, hostname: string, port: number): Promise<Socket> {
  return tunnel({ ...proxyOf(options.proxy), address: await resolveOne(hostname, options.lookup), port, timeoutMs: options.timeoutMs });
}

/** The proxy's address, and the credentials in its URL as Proxy-Authorization. */
function proxyOf(url: string): { proxy: URL; proxyAuth?: string } {
  const proxy = new URL(url);
  if (!proxy.username) return { proxy };
  return { proxy, proxyAuth: `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` };
}

/** A socket through the proxy to address:port, once it answered 2xx to CONNECT. */
function tunnel(o: { proxy: URL; proxyAuth?: string; address: string; port: number; timeoutMs: number }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: o.proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(o.proxy.port) || 80 });
    const target = `${isIP(o.address) === 6 ? `[${o.address}]` : o.address}:${o.port}`;
    const timer = setTimeout(() => fail(new Error(`the egress proxy did not open a tunnel to ${target} within ${o.timeoutMs} ms`)), o.timeoutMs);
    let head = Buffer.alloc(0);
    function fail(err: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    }
    socket.once('error', (err) => fail(new Error(`the egress proxy ${o.proxy.host} could not be reached: ${err.message}`)));
    socket.once('connect', () => {
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${o.proxyAuth ? `Proxy-Authorization: ${o.proxyAuth}\r\n` : ''}\r\n`);
    });
    socket.on('data', function onData(chunk: Buffer) {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16_384) fail(new Error('the egress proxy answered CONNECT with a head too large'));
        return;
      }
      socket.off('data', onData);
      clearTimeout(timer);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'));
      if (!status || !status[1].startsWith('2')) {
        socket.destroy();
        return reject(new Error(`the egress proxy refused to CONNECT to ${target}: ${head.subarray(0, end).toString('latin1').split('\r\n')[0] || 'no status line'}`));
      }
      socket.removeAllListeners('error');
      // Bytes past the proxy's answer already belong to the receiver.
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    });
  });
}

/** The CAs a connection trusts: a pinned CA alone, or Node's roots and the operator's extra one. */
export function trustedCas(pinned: string | undefined, extraCa: string | undefined): string[] | undefined {
  if (pinned) return [pinned];
  return extraCa ? [...rootCertificates, extraCa] : undefined;
}
