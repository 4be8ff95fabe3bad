// A real HTTPS receiver on loopback that requires a client certificate (mutual TLS), as a bank's or
// a hospital's webhook endpoint may: the server certificate is signed by a test CA Herald must
// trust or pin, and only client certificates signed by a second CA of its own (with the clientAuth
// extended key usage) get through; a handshake without one fails and is counted, not answered.
// The client CA is made here, with openssl as tls.ts does, because issuing needs its private key.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { makeTestCa, type TestCa } from './tls';
import { requestLog } from './receiver';

export interface MtlsReceived {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Subject CN of the client certificate the request came with. */
  clientCn: string;
  at: number;
}

export interface MtlsReceiver {
  /** `https://127.0.0.1:port/hook`. */
  url: string;
  /** The CA (PEM) that signed the server certificate: what the client trusts or pins. */
  serverCa: string;
  /** The CA (PEM) whose client certificates are accepted. */
  clientCa: string;
  /** A client certificate (PEM) and its key for this subject CN, signed by the client CA. */
  issueClient(cn: string): { certificate: string; privateKey: string };
  requests: MtlsReceived[];
  /** Handshakes that failed (no client certificate, an unknown one, ...): `tlsClientError`s. */
  readonly handshakeFailures: number;
  waitFor(count: number, timeoutMs?: number): Promise<MtlsReceived[]>;
  close(): Promise<void>;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** `-subj` takes `/CN=value`; a `/`, `+`, `=` or `\` inside the value must be escaped. */
const subjectValue = (value: string) => value.replace(/[\\/+=]/g, (c) => `\\${c}`);

/** A CA for client certificates, keeping its key (in memory) to sign them. */
function makeClientCa(name: string): { cert: string; issue(cn: string): { certificate: string; privateKey: string } } {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-client-ca-'));
  let caKey: string;
  let caCert: string;
  try {
    openssl(dir, [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${subjectValue(name)}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', 'ca.key', '-out', 'ca.pem',
    ]);
    caKey = readFileSync(path.join(dir, 'ca.key'), 'utf8');
    caCert = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    cert: caCert,
    issue(cn) {
      const work = mkdtempSync(path.join(tmpdir(), 'herald-client-cert-'));
      try {
        writeFileSync(path.join(work, 'ca.key'), caKey);
        writeFileSync(path.join(work, 'ca.pem'), caCert);
        writeFileSync(path.join(work, 'ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
        openssl(work, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${subjectValue(cn)}`, '-keyout', 'key.pem', '-out', 'req.csr']);
        openssl(work, ['x509', '-req', '-in', 'req.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'ext', '-out', 'cert.pem']);
        return { certificate: readFileSync(path.join(work, 'cert.pem'), 'utf8'), privateKey: readFileSync(path.join(work, 'key.pem'), 'utf8') };
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}

export async function startMtlsReceiver(options: { ca?: TestCa } = {}): Promise<MtlsReceiver> {
  const serverCa = options.ca ?? makeTestCa('Herald Test Server CA');
  const { key, cert } = serverCa.issue(['IP:127.0.0.1', 'DNS:localhost']);
  const clientCa = makeClientCa('Herald Test Client CA');

  const log = requestLog<MtlsReceived>('mTLS receiver');
  let handshakeFailures = 0;
  // Raw sockets, mid-handshake ones included, so close() leaves nothing to keep jest alive.
  const sockets = new Set<Socket>();

  const server: Server = createServer(
    // HTTP/1.1 only (no ALPN h2); TLS 1.2 and 1.3 both, as Node's defaults.
    { key, cert, ca: clientCa.cert, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        log.record({
          path: req.url ?? '/',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          clientCn: String(peer.subject?.CN ?? ''),
          at: Date.now(),
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    },
  );
  server.on('tlsClientError', () => handshakeFailures++);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `https://127.0.0.1:${port}/hook`,
    serverCa: serverCa.cert,
    clientCa: clientCa.cert,
    issueClient: (cn) => clientCa.issue(cn),
    requests: log.requests,
    get handshakeFailures() {
      return handshakeFailures;
    },
    waitFor: log.waitFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
