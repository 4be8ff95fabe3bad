import type { Pool } from './pool';
import type { SecretBox } from '../domain/secret-box';
import type { FormatOptions, PayloadFormat } from '../domain/payload-formats';

export interface Endpoint {
  id: string;
  appId: string;
  url: string;
  events: string[];
  description: string | null;
  guaranteed: boolean;
  format: PayloadFormat;
  formatOptions: FormatOptions;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint with its signing secrets opened: only the delivery path and the reveal route see it. */
export interface EndpointWithSecrets extends Endpoint {
  secrets: string[];
}

const COLUMNS = `id, app_id, url, events, description, guaranteed, format, format_options, status, disabled_reason, disabled_at,
  created_at, updated_at, secret_sealed, previous_secret_sealed, previous_secret_expires_at`;

interface EndpointRow {
  id: string;
  app_id: string;
  url: string;
  events: string[];
  description: string | null;
  guaranteed: boolean;
  format: PayloadFormat;
  format_options: FormatOptions;
  status: 'enabled' | 'disabled';
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

function toEndpoint(row: EndpointRow): Endpoint {
  return {
    id: row.id,
    appId: row.app_id,
    url: row.url,
    events: row.events,
    description: row.description,
    guaranteed: row.guaranteed,
    format: row.format,
    formatOptions: row.format_options,
    status: row.status,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The secrets an endpoint signs with: its current one, and a rotated-out one still in its grace. */
export function openSecrets(box: SecretBox, sealed: string, previousSealed: string | null, previousLive: boolean): string[] {
  return previousSealed && previousLive ? [box.open(sealed), box.open(previousSealed)] : [box.open(sealed)];
}

export function createEndpointsRepository(pool: Pool, box: SecretBox) {
  function withSecrets(row: EndpointRow): EndpointWithSecrets {
    const previousLive = row.previous_secret_expires_at !== null && row.previous_secret_expires_at > new Date();
    return { ...toEndpoint(row), secrets: openSecrets(box, row.secret_sealed, row.previous_secret_sealed, previousLive) };
  }

  return {
    async create(input: {
      id: string;
      appId: string;
      url: string;
      events: string[];
      description?: string;
      guaranteed: boolean;
      format?: PayloadFormat;
      formatOptions?: FormatOptions;
      secret: string;
    }): Promise<Endpoint> {
      const { rows } = await pool.query<EndpointRow>(
        `INSERT INTO endpoints (id, app_id, url, events, description, guaranteed, secret_sealed, format, format_options)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          input.id, input.appId, input.url, input.events, input.description ?? null, input.guaranteed, box.seal(input.secret),
          input.format ?? 'herald', input.formatOptions ?? {},
        ],
      );
      return toEndpoint(rows[0]);
    },

    async get(appId: string, id: string): Promise<Endpoint | undefined> {
      const { rows } = await pool.query<EndpointRow>(`SELECT ${COLUMNS} FROM endpoints WHERE app_id = $1 AND id = $2`, [appId, id]);
      return rows[0] && toEndpoint(rows[0]);
    },

    async getWithSecrets(appId: string, id: string): Promise<EndpointWithSecrets | undefined> {
      const { rows } = await pool.query<EndpointRow>(`SELECT ${COLUMNS} FROM endpoints WHERE app_id = $1 AND id = $2`, [appId, id]);
      return rows[0] && withSecrets(rows[0]);
    },

    async list(appId: string): Promise<Endpoint[]> {
      const { rows } = await pool.query<EndpointRow>(`SELECT ${COLUMNS} FROM endpoints WHERE app_id = $1 ORDER BY id`, [appId]);
      return rows.map(toEndpoint);
    },

    async update(
      appId: string,
      id: string,
      patch: {
        url?: string;
        events?: string[];
        description?: string;
        guaranteed?: boolean;
        format?: PayloadFormat;
        formatOptions?: FormatOptions;
      },
    ): Promise<Endpoint | undefined> {
      const { rows } = await pool.query<EndpointRow>(
        `UPDATE endpoints SET url = COALESCE($3, url), events = COALESCE($4, events),
           description = COALESCE($5, description), guaranteed = COALESCE($6, guaranteed),
           format = COALESCE($7, format), format_options = COALESCE($8, format_options), updated_at = now()
         WHERE app_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [
          appId, id, patch.url ?? null, patch.events ?? null, patch.description ?? null, patch.guaranteed ?? null,
          patch.format ?? null, patch.formatOptions ?? null,
        ],
      );
      return rows[0] && toEndpoint(rows[0]);
    },

    async setStatus(appId: string, id: string, status: 'enabled' | 'disabled', reason?: string): Promise<Endpoint | undefined> {
      const { rows } = await pool.query<EndpointRow>(
        `UPDATE endpoints SET status = $3,
           disabled_reason = CASE WHEN $3 = 'disabled' THEN $4 END,
           disabled_at = CASE WHEN $3 = 'disabled' THEN now() END,
           updated_at = now()
         WHERE app_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [appId, id, status, reason ?? null],
      );
      return rows[0] && toEndpoint(rows[0]);
    },

    /** New secret now; the old one keeps signing beside it until `graceSeconds` have passed. */
    async rotateSecret(appId: string, id: string, secret: string, graceSeconds: number): Promise<Endpoint | undefined> {
      const { rows } = await pool.query<EndpointRow>(
        `UPDATE endpoints SET previous_secret_sealed = secret_sealed,
           previous_secret_expires_at = now() + make_interval(secs => $4),
           secret_sealed = $3, updated_at = now()
         WHERE app_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [appId, id, box.seal(secret), graceSeconds],
      );
      return rows[0] && toEndpoint(rows[0]);
    },

    async remove(appId: string, id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM endpoints WHERE app_id = $1 AND id = $2', [appId, id]);
      return (rowCount ?? 0) > 0;
    },
  };
}

export type EndpointsRepository = ReturnType<typeof createEndpointsRepository>;
