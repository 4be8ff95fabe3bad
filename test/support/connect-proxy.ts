// A real forward proxy on loopback speaking HTTP CONNECT (RFC 9110 §9.3.6), as a corporate egress
// proxy does: it opens a TCP tunnel to the host:port asked for and passes bytes both ways, so
// whatever Herald speaks inside (plain HTTP or TLS to the receiver) arrives untouched. It records
// each tunnel asked for, can refuse targets (403) and reports targets it cannot reach (502).
// Herald tunnels everything, so absolute-form requests (`GET http://host/path`) are only recorded
// and answered 400, which makes a client that forgot to tunnel fail loudly.
import { createServer } from 'node:http';
import net from 'node:net';

export interface ConnectProxy {
  /** `http://127.0.0.1:port`, what Herald is given as its proxy. */
  url: string;
  /** `host:port` of each CONNECT, in order, refused or not. */
  connects: string[];
  /** `METHOD absolute-url` of each plain proxy request, in order (each answered 400). */
  plainRequests: string[];
  close(): Promise<void>;
}

/** `host:port` split, `[::1]:443` included; undefined when it is not an authority with a port. */
function parseAuthority(hostPort: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(hostPort);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) return undefined;
  return { host: match[1] ?? match[2], port };
}

export async function startConnectProxy(options: { refuse?: (hostPort: string) => boolean } = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const plainRequests: string[] = [];
  // Tunnelled sockets leave the HTTP server's books once CONNECT is answered, so they are kept
  // here: close() must end them or open tunnels would keep jest alive.
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((req, res) => {
    plainRequests.push(`${req.method ?? 'GET'} ${req.url ?? ''}`);
    req.resume();
    res.writeHead(400, { 'content-type': 'text/plain', connection: 'close' }).end('this proxy only tunnels (CONNECT)\n');
  });
  server.on('connection', track);

  server.on('connect', (req, client: net.Socket, head: Buffer) => {
    const hostPort = req.url ?? '';
    connects.push(hostPort);
    const reply = (status: string) => client.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    client.on('error', () => client.destroy());
    const target = parseAuthority(hostPort);
    if (!target) return reply('400 Bad Request');
    if (options.refuse?.(hostPort)) return reply('403 Forbidden');

    let established = false;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    upstream.on('error', () => {
      // Before the tunnel is up the client still awaits an answer; after, closing is the answer.
      if (established) client.destroy();
      else reply('502 Bad Gateway');
    });
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    plainRequests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
