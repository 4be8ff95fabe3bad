// Temporal's client environment configuration as Herald reads it: a TOML profile, the variables
// over it (Temporal's precedence), an API key turning TLS on, and certificates checked at start
// with the variable or profile field named when one is wrong.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bin/config';
import { loadTemporalTarget } from '../../bin/temporal-target';
import { makeTestCa } from '../support/tls';

let dir: string;
const ca = makeTestCa();
const client = ca.issue(['DNS:herald']);
const other = ca.issue(['DNS:other']);
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'herald-envconfig-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reads nothing when nothing is set: plain text, no address (dev starts its own Temporal)', () => {
  expect(loadTemporalTarget({})).toEqual({ connection: { tls: false }, description: 'plain text' });
  expect(loadConfig({}).temporalAddress).toBeUndefined();
});

it('takes a TOML profile, with the variables over it', () => {
  const config = file('temporal.toml', `
[profile.default]
address = "default.example:7233"

[profile.cloud]
address = "herald.abcde.tmprl.cloud:7233"
namespace = "herald.abcde"
api_key = "from-the-file"

[profile.cloud.grpc_meta]
x-tenant = "blue"
`);
  const fromDefault = loadConfig({ TEMPORAL_CONFIG_FILE: config });
  expect(fromDefault.temporalAddress).toBe('default.example:7233');
  expect(fromDefault.temporalNamespace).toBe('default');

  const cloud = loadConfig({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'cloud' });
  expect(cloud).toMatchObject({ temporalAddress: 'herald.abcde.tmprl.cloud:7233', temporalNamespace: 'herald.abcde' });
  // An API key turns TLS on, as Temporal's clients do.
  expect(cloud.temporalConnection).toEqual({ apiKey: 'from-the-file', tls: {}, metadata: { 'x-tenant': 'blue' } });

  const overridden = loadConfig({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'other.abcde', TEMPORAL_API_KEY: 'from-env', TEMPORAL_TLS: 'false' });
  expect(overridden.temporalNamespace).toBe('other.abcde');
  expect(overridden.temporalConnection).toMatchObject({ apiKey: 'from-env', tls: false });
  expect(overridden.temporalDescription).toBe('plain text, API key from TEMPORAL_API_KEY');
});

it('reads the certificates and the server name from the variables, as paths or as data', () => {
  const cert = file('client.pem', client.cert);
  const target = loadTemporalTarget({
    TEMPORAL_ADDRESS: 'temporal.internal:7233',
    TEMPORAL_TLS_CLIENT_CERT_PATH: cert,
    TEMPORAL_TLS_CLIENT_KEY_DATA: client.key,
    TEMPORAL_TLS_SERVER_CA_CERT_DATA: ca.cert,
    TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
  });
  expect(target.connection.tls).toEqual({
    serverNameOverride: 'temporal.internal',
    serverRootCACertificate: Buffer.from(ca.cert),
    clientCertPair: { crt: Buffer.from(client.cert), key: Buffer.from(client.key) },
  });
  expect(target.description).toBe(
    `TLS, client certificate from TEMPORAL_TLS_CLIENT_CERT_PATH=${cert}, server CA from TEMPORAL_TLS_SERVER_CA_CERT_DATA, server name temporal.internal`,
  );
  expect(loadTemporalTarget({ TEMPORAL_ADDRESS: 'a:1', TEMPORAL_TLS: 'true' }).connection.tls).toEqual({});
});

it('names the variable or the profile field of a certificate that is wrong', () => {
  const cert = file('c.pem', client.cert);
  const key = file('k.pem', client.key);
  const otherKey = file('other.key', other.key);
  const base = { TEMPORAL_ADDRESS: 'a:7233' };
  const missing = path.join(dir, 'missing.pem');
  expect(() => loadTemporalTarget({ ...base, TEMPORAL_TLS_CLIENT_CERT_PATH: missing, TEMPORAL_TLS_CLIENT_KEY_PATH: key })).toThrow(
    `TEMPORAL_TLS_CLIENT_CERT_PATH=${missing}: cannot be read (ENOENT)`,
  );
  expect(() => loadTemporalTarget({ ...base, TEMPORAL_TLS_CLIENT_CERT_PATH: cert })).toThrow(
    `TEMPORAL_TLS_CLIENT_CERT_PATH=${cert} is set without its key: set TEMPORAL_TLS_CLIENT_KEY_PATH`,
  );
  expect(() => loadTemporalTarget({ ...base, TEMPORAL_TLS_CLIENT_CERT_PATH: cert, TEMPORAL_TLS_CLIENT_KEY_PATH: otherKey })).toThrow(
    `TEMPORAL_TLS_CLIENT_KEY_PATH=${otherKey} is not the key of the certificate in TEMPORAL_TLS_CLIENT_CERT_PATH=${cert}`,
  );
  expect(() => loadTemporalTarget({ ...base, TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'not a certificate' })).toThrow(
    'TEMPORAL_TLS_SERVER_CA_CERT_DATA: not a PEM certificate',
  );
  expect(() => loadTemporalTarget({ ...base, TEMPORAL_TLS_CLIENT_CERT_PATH: cert, TEMPORAL_TLS_CLIENT_KEY_DATA: 'nope' })).toThrow(
    'TEMPORAL_TLS_CLIENT_KEY_DATA: not a PEM private key',
  );

  const profile = file('p.toml', `[profile.default]\naddress = "a:7233"\n[profile.default.tls]\nclient_cert_path = "${missing}"\nclient_key_path = "${key}"\n`);
  expect(() => loadTemporalTarget({ TEMPORAL_CONFIG_FILE: profile })).toThrow(
    `TEMPORAL_CONFIG_FILE=${profile}, profile "default": tls.client_cert_path=${missing}: cannot be read (ENOENT)`,
  );
});

it('refuses a config file or profile that is not there, and TLS with no address', () => {
  const nowhere = path.join(dir, 'nowhere.toml');
  expect(() => loadTemporalTarget({ TEMPORAL_CONFIG_FILE: nowhere })).toThrow(`TEMPORAL_CONFIG_FILE=${nowhere}: no such file`);
  const config = file('one.toml', '[profile.default]\naddress = "a:7233"\n');
  expect(() => loadTemporalTarget({ TEMPORAL_CONFIG_FILE: config, TEMPORAL_PROFILE: 'prod' })).toThrow("Profile 'prod' not found");
  expect(() => loadTemporalTarget({ TEMPORAL_API_KEY: 'k' })).toThrow('but no address: set TEMPORAL_ADDRESS');
  expect(() => loadConfig({ TEMPORAL_CONFIG_FILE: file('bad.toml', 'profile = [') })).toThrow(/^Temporal's client configuration \(TEMPORAL_CONFIG_FILE=/);
});
