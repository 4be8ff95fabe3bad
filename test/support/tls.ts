// A certificate authority made for a test by openssl, and server certificates it signs, so TLS
// peers (an SMTP server, an HTTPS receiver) are checked as in production: the right name under a
// trusted CA passes, a wrong name or an unknown CA fails.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCa {
  /** The CA's certificate (PEM), what Herald is told to trust. */
  cert: string;
  /** A server certificate for these subjectAltNames (`IP:127.0.0.1`, `DNS:localhost`). */
  issue(altNames: string[]): { key: string; cert: string };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

export function makeTestCa(name = 'Herald Test CA'): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-ca-'));
  try {
    openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', 'ca.key', '-out', 'ca.pem']);
    const caKey = readFileSync(path.join(dir, 'ca.key'), 'utf8');
    const caCert = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    return {
      cert: caCert,
      issue(altNames) {
        const work = mkdtempSync(path.join(tmpdir(), 'herald-cert-'));
        try {
          writeFileSync(path.join(work, 'ca.key'), caKey);
          writeFileSync(path.join(work, 'ca.pem'), caCert);
          writeFileSync(path.join(work, 'ext'), `subjectAltName=${altNames.join(',')}\n`);
          openssl(work, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=herald-test-server', '-keyout', 'key.pem', '-out', 'req.csr']);
          openssl(work, ['x509', '-req', '-in', 'req.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'ext', '-out', 'cert.pem']);
          return { key: readFileSync(path.join(work, 'key.pem'), 'utf8'), cert: readFileSync(path.join(work, 'cert.pem'), 'utf8') };
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
