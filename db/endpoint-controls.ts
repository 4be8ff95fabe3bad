// How an endpoint's delivery controls (domain/endpoint-controls.ts) are stored: the filter, rate
// limit and transformation as they are; header values, the OAuth client secret and the client
// certificate's key sealed, each for its own place, so a database dump holds none of them.
import { sealContext, type SecretBox } from '../domain/secret-box';
import type { ClientTls, DeliveryControls, OAuth2Auth, TlsInfo } from '../domain/endpoint-controls';
import type { EventFilter } from '../domain/event-filter';

/** The control columns every endpoint read selects; only a delivery opens the sealed ones. */
export const CONTROL_COLUMNS = 'filter, rate_limit, transformation, headers_sealed, header_names, auth, tls_sealed, tls_info';

type StoredAuth = Omit<OAuth2Auth, 'clientSecret'> & { clientSecretSealed: string };

export interface ControlRow {
  filter: EventFilter | null;
  rate_limit: number | null;
  transformation: string | null;
  headers_sealed: string | null;
  header_names: string[] | null;
  auth: StoredAuth | null;
  tls_sealed: string | null;
  tls_info: TlsInfo | null;
}

/** An endpoint's controls as the API shows them: header names, never values; the certificate's subject, never its key. */
export interface ControlsView {
  filter?: EventFilter;
  rateLimit?: number;
  transformation?: string;
  headerNames?: string[];
  auth?: Omit<OAuth2Auth, 'clientSecret'>;
  tls?: TlsInfo;
}

/** A create's or a patch's controls: a field absent is kept, null removes it. */
export interface ControlsInput {
  filter?: EventFilter | null;
  rateLimit?: number | null;
  transformation?: string | null;
  headers?: Record<string, string> | null;
  auth?: OAuth2Auth | null;
  tls?: (ClientTls & { info: TlsInfo }) | null;
}

const headersContext = (id: string) => sealContext('endpoints', id, 'headers');
const clientSecretContext = (id: string) => sealContext('endpoints', id, 'oauthClientSecret');
const tlsContext = (id: string) => sealContext('endpoints', id, 'tls');

export function controlsView(row: ControlRow): ControlsView {
  const auth = row.auth ? (({ clientSecretSealed: _sealed, ...shown }) => shown)(row.auth) : undefined;
  return {
    ...(row.filter && { filter: row.filter }),
    ...(row.rate_limit !== null && { rateLimit: row.rate_limit }),
    ...(row.transformation !== null && { transformation: row.transformation }),
    ...(row.header_names && { headerNames: row.header_names }),
    ...(auth && { auth }),
    ...(row.tls_info && { tls: row.tls_info }),
  };
}

/** The columns a delivery applies (its filter is routing's, applied before). */
export type DeliveryControlRow = Pick<ControlRow, 'rate_limit' | 'transformation' | 'headers_sealed' | 'auth' | 'tls_sealed'>;

export const hasDeliveryControls = (row: DeliveryControlRow) =>
  row.rate_limit !== null || row.transformation !== null || row.headers_sealed !== null || row.auth !== null || row.tls_sealed !== null;

/** The controls a delivery applies, secrets opened (throws when one does not open: the encryption key changed). */
export function openControls(box: SecretBox, id: string, row: DeliveryControlRow): DeliveryControls {
  const controls: DeliveryControls = {};
  if (row.rate_limit !== null) controls.rateLimit = row.rate_limit;
  if (row.transformation !== null) controls.transformation = row.transformation;
  if (row.headers_sealed) controls.headers = JSON.parse(box.open(row.headers_sealed, headersContext(id))) as Record<string, string>;
  if (row.auth) {
    const { clientSecretSealed, ...auth } = row.auth;
    controls.auth = { ...auth, clientSecret: box.open(clientSecretSealed, clientSecretContext(id)) };
  }
  if (row.tls_sealed) controls.tls = JSON.parse(box.open(row.tls_sealed, tlsContext(id))) as ClientTls;
  return controls;
}

/** The columns a create or patch sets, sealed: only the fields given (null clears one). */
export function controlColumns(box: SecretBox, id: string, input: ControlsInput): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (input.filter !== undefined) columns.filter = input.filter === null ? null : JSON.stringify(input.filter);
  if (input.rateLimit !== undefined) columns.rate_limit = input.rateLimit;
  if (input.transformation !== undefined) columns.transformation = input.transformation;
  if (input.headers !== undefined) {
    columns.headers_sealed = input.headers === null ? null : box.seal(JSON.stringify(input.headers), headersContext(id));
    columns.header_names = input.headers === null ? null : Object.keys(input.headers);
  }
  if (input.auth !== undefined) {
    if (input.auth === null) columns.auth = null;
    else {
      const { clientSecret, ...auth } = input.auth;
      columns.auth = JSON.stringify({ ...auth, clientSecretSealed: box.seal(clientSecret, clientSecretContext(id)) } satisfies StoredAuth);
    }
  }
  if (input.tls !== undefined) {
    if (input.tls === null) {
      columns.tls_sealed = null;
      columns.tls_info = null;
    } else {
      const { info, ...tls } = input.tls;
      columns.tls_sealed = box.seal(JSON.stringify(tls), tlsContext(id));
      columns.tls_info = JSON.stringify(info);
    }
  }
  return columns;
}
