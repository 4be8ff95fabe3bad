// Which Temporal Herald talks to, and how: Temporal's own client environment configuration
// (@temporalio/envconfig), so an operator configures Herald as they configure the `temporal` CLI
// and every other Temporal client: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
// TEMPORAL_TLS*, or a TOML profile (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE), the variables
// overriding the profile. Certificates are read and checked here, at start, so that a missing,
// unreadable or mismatched one stops Herald with the variable's name rather than a TLS error later.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadClientConfigProfile, type ClientConfigProfile, type ConfigDataSource } from '@temporalio/envconfig';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';

export type TemporalConnectionOptions = Pick<NativeConnectionOptions, 'tls' | 'apiKey' | 'metadata'>;

export interface TemporalTarget {
  /** Unset: no Temporal is configured (`herald dev` starts its own). */
  address?: string;
  namespace?: string;
  connection: TemporalConnectionOptions;
  /** How Herald connects, for messages: "TLS, client certificate from TEMPORAL_TLS_CLIENT_CERT_PATH". */
  description: string;
}

export class TemporalConfigError extends Error {}

/** The variables a profile's TLS fields are overridden by, for messages. */
const TLS_FIELDS = {
  clientCert: { path: 'TEMPORAL_TLS_CLIENT_CERT_PATH', data: 'TEMPORAL_TLS_CLIENT_CERT_DATA', toml: 'client_cert' },
  clientKey: { path: 'TEMPORAL_TLS_CLIENT_KEY_PATH', data: 'TEMPORAL_TLS_CLIENT_KEY_DATA', toml: 'client_key' },
  serverCACert: { path: 'TEMPORAL_TLS_SERVER_CA_CERT_PATH', data: 'TEMPORAL_TLS_SERVER_CA_CERT_DATA', toml: 'server_ca_cert' },
} as const;

export function loadTemporalTarget(env: NodeJS.ProcessEnv): TemporalTarget {
  // An empty variable means unset, as for Herald's own (envconfig would take '' as an address).
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (name.startsWith('TEMPORAL_') && value !== undefined && value !== '') vars[name] = value;
  // Only Temporal's variables reach envconfig, and HOME for its default file: nothing else of
  // this process's environment (tests pass {} and must not read the machine's own profile).
  if (env.HOME) vars.HOME = env.HOME;
  if (env.XDG_CONFIG_HOME) vars.XDG_CONFIG_HOME = env.XDG_CONFIG_HOME;
  const profileSource = describeProfile(vars);
  if (vars.TEMPORAL_CONFIG_FILE && !existsSync(vars.TEMPORAL_CONFIG_FILE)) {
    throw new TemporalConfigError(`TEMPORAL_CONFIG_FILE=${vars.TEMPORAL_CONFIG_FILE}: no such file`);
  }
  let profile: ClientConfigProfile;
  try {
    profile = loadClientConfigProfile({ overrideEnvVars: vars });
  } catch (err) {
    throw new TemporalConfigError(`Temporal's client configuration (${profileSource}): ${(err as Error).message}`);
  }

  const where = (field: keyof typeof TLS_FIELDS, source: ConfigDataSource) => {
    const names = TLS_FIELDS[field];
    if ('path' in source) return vars[names.path] ? `${names.path}=${source.path}` : `${profileSource}: tls.${names.toml}_path=${source.path}`;
    return vars[names.data] ? names.data : `${profileSource}: tls.${names.toml}_data`;
  };
  const read = (field: keyof typeof TLS_FIELDS): { pem: Buffer; where: string } | undefined => {
    const source = profile.tls?.[field];
    if (!source) return undefined;
    const at = where(field, source);
    if (!('path' in source)) return { pem: Buffer.from(source.data), where: at };
    try {
      return { pem: readFileSync(source.path), where: at };
    } catch (err) {
      throw new TemporalConfigError(`${at}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };

  const tlsOff = profile.tls?.disabled === true;
  const usesTls = !tlsOff && (profile.tls !== undefined || profile.apiKey !== undefined);
  const parts: string[] = [];
  const connection: TemporalConnectionOptions = {};
  if (profile.apiKey !== undefined) {
    connection.apiKey = profile.apiKey;
    parts.push(`API key from ${vars.TEMPORAL_API_KEY ? 'TEMPORAL_API_KEY' : profileSource}`);
  }
  if (profile.grpcMeta && Object.keys(profile.grpcMeta).length > 0) connection.metadata = profile.grpcMeta;

  if (!usesTls) {
    connection.tls = false;
  } else {
    const cert = read('clientCert');
    const key = read('clientKey');
    const ca = read('serverCACert');
    if (cert && !key) throw new TemporalConfigError(`${cert.where} is set without its key: set ${TLS_FIELDS.clientKey.path} (or ${TLS_FIELDS.clientKey.data})`);
    if (key && !cert) throw new TemporalConfigError(`${key.where} is set without its certificate: set ${TLS_FIELDS.clientCert.path} (or ${TLS_FIELDS.clientCert.data})`);
    const serverName = profile.tls?.serverName;
    if (ca) {
      certificateOf(ca.pem, ca.where);
      parts.push(`server CA from ${ca.where}`);
    }
    if (cert && key) {
      const x509 = certificateOf(cert.pem, cert.where);
      const privateKey = privateKeyOf(key.pem, key.where);
      if (!x509.checkPrivateKey(privateKey)) throw new TemporalConfigError(`${key.where} is not the key of the certificate in ${cert.where}`);
      if (Date.parse(x509.validTo) < Date.now()) throw new TemporalConfigError(`${cert.where}: the certificate expired on ${x509.validTo}`);
      if (Date.parse(x509.validFrom) > Date.now()) throw new TemporalConfigError(`${cert.where}: the certificate is not valid before ${x509.validFrom}`);
      parts.unshift(`client certificate from ${cert.where}`);
    }
    if (serverName) parts.push(`server name ${serverName}`);
    connection.tls = {
      ...(serverName && { serverNameOverride: serverName }),
      ...(ca && { serverRootCACertificate: ca.pem }),
      ...(cert && key && { clientCertPair: { crt: cert.pem, key: key.pem } }),
    };
  }
  if (!profile.address && (usesTls || profile.apiKey !== undefined)) {
    throw new TemporalConfigError(`TLS or an API key is configured for Temporal (${profileSource}) but no address: set TEMPORAL_ADDRESS`);
  }
  return {
    ...(profile.address && { address: profile.address }),
    ...(profile.namespace && { namespace: profile.namespace }),
    connection,
    description: [usesTls ? 'TLS' : 'plain text', ...parts].join(', '),
  };
}

function describeProfile(vars: Record<string, string>): string {
  const file = vars.TEMPORAL_CONFIG_FILE ? `TEMPORAL_CONFIG_FILE=${vars.TEMPORAL_CONFIG_FILE}` : 'the default temporal.toml';
  return `${file}, profile ${vars.TEMPORAL_PROFILE ? `TEMPORAL_PROFILE=${vars.TEMPORAL_PROFILE}` : '"default"'}`;
}

function certificateOf(pem: Buffer, where: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (err) {
    throw new TemporalConfigError(`${where}: not a PEM certificate (${(err as Error).message})`);
  }
}

function privateKeyOf(pem: Buffer, where: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new TemporalConfigError(`${where}: not a PEM private key (${(err as Error).message})`);
  }
}

/**
 * Connects, or fails with what was tried and why. The SDK's own message for a refused handshake
 * or certificate is a gRPC transport error; an operator needs the address, how Herald connected,
 * and which variables to look at.
 */
export async function connectTemporal(address: string, options: TemporalConnectionOptions, description: string): Promise<NativeConnection> {
  try {
    return await NativeConnection.connect({ address, ...options });
  } catch (err) {
    const cause = (err as Error).message.replace(/\s+/g, ' ').trim();
    const hint = /tcp connect error|dns error|Connection refused|failed to lookup/i.test(cause)
      ? 'is Temporal running there? (TEMPORAL_ADDRESS, or the profile\'s address)'
      : options.tls === false
      ? 'if this Temporal requires TLS, set TEMPORAL_TLS=true (or TEMPORAL_API_KEY, or TEMPORAL_TLS_CLIENT_CERT_PATH and _KEY_PATH)'
      : typeof options.tls === 'object' && options.tls !== null && !options.tls.clientCertPair && !options.apiKey
        ? 'if this Temporal requires a client certificate, set TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH'
        : 'check TEMPORAL_ADDRESS, TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME and that the server accepts this client certificate or API key';
    throw new TemporalConfigError(`could not connect to Temporal at ${address} (${description}): ${cause}; ${hint}`);
  }
}
