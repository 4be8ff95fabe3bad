// A TLS-terminating front before a plain-text server, as a load balancer or Temporal Cloud's edge
// stands before a Temporal frontend: it requires a client certificate signed by its CA (mutual
// TLS), speaks h2 by ALPN as gRPC clients expect, and passes the decrypted bytes through.
import net from 'node:net';
import tls from 'node:tls';

export interface TlsFront {
  address: string;
  /** Handshakes that presented an accepted client certificate, and those refused. */
  accepted: number;
  refused: number;
  close(): Promise<void>;
}

export async function startTlsFront(options: { target: string; key: string; cert: string; clientCa: string }): Promise<TlsFront> {
  const [targetHost, targetPort] = [options.target.slice(0, options.target.lastIndexOf(':')), Number(options.target.slice(options.target.lastIndexOf(':') + 1))];
  const sockets = new Set<net.Socket>();
  const front: TlsFront = { address: '', accepted: 0, refused: 0, close: async () => undefined };
  const server = tls.createServer(
    { key: options.key, cert: options.cert, ca: options.clientCa, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
    (socket) => {
      front.accepted++;
      const upstream = net.connect(targetPort, targetHost);
      sockets.add(socket).add(upstream);
      socket.pipe(upstream).pipe(socket);
      const end = () => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    },
  );
  server.on('tlsClientError', () => front.refused++);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  front.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return front;
}
