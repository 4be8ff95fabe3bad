import { withTransaction, type Pool } from './pool';
import { sealContext, type SecretBox } from '../domain/secret-box';
import type { FormatOptions, PayloadFormat } from '../domain/payload-formats';
import type { HeraldEvent } from '../domain/event-envelope';
import { NOTE_OPERATIONAL, operationalEvent, type OperationalRow } from './operational-events';
import { CONTROL_COLUMNS, controlColumns, controlsView, openControls, type ControlRow, type ControlsInput, type ControlsView } from './endpoint-controls';
import type { DeliveryControls } from '../domain/endpoint-controls';
import type { RouteTarget } from './event-targets';
import { RESET_RATE_SLOTS } from './rate-slots';

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
  /** Failed attempts in a row, and since when it is failing (past the app's failingAfterAttempts). */
  consecutiveFailures: number;
  failingSince: Date | null;
  /** Events reach it one at a time, in the order received. */
  ordered: boolean;
  /** Its delivery controls as shown: no secret in them. */
  controls: ControlsView;
  createdAt: Date;
  updatedAt: Date;
}

/** An endpoint with its signing secrets opened: only the delivery path and the reveal route see it. */
export interface EndpointWithSecrets extends Endpoint {
  secrets: string[];
  /** Its controls as a delivery applies them, secrets opened. */
  delivery?: DeliveryControls;
  /** Set, with no secrets, when they do not open (SecretUnreadable's message). */
  secretError?: string;
}

/** An endpoint read with its secrets, as a delivery sends to it: its controls opened, not as shown. */
export function deliveryTargetOf(endpoint: EndpointWithSecrets): RouteTarget {
  const { controls: _shown, delivery, id, ...rest } = endpoint;
  return { ...rest, endpointId: id, ...(delivery && { controls: delivery }) };
}

/**
 * The sealed secrets rotated out of `previous_secrets` whose grace has not ended, newest first,
 * by the database's clock (one clock for every API and worker process).
 */
export const LIVE_PREVIOUS_SECRETS = `(SELECT COALESCE(jsonb_agg(s->>'sealed' ORDER BY (s->>'expiresAt')::timestamptz DESC), '[]'::jsonb)
  FROM jsonb_array_elements(previous_secrets) s WHERE (s->>'expiresAt')::timestamptz > now())`;

const COLUMNS = `id, app_id, url, events, description, guaranteed, format, format_options, status, disabled_reason, disabled_at,
  consecutive_failures, failing_since, ordered, created_at, updated_at, secret_sealed, ${LIVE_PREVIOUS_SECRETS} AS previous_live, ${CONTROL_COLUMNS}`;

/** Rotated-out secrets that may sign at once; past this, a rotation waits for one to expire. */
export const MAX_LIVE_PREVIOUS_SECRETS = 10;

interface EndpointRow extends ControlRow {
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
  consecutive_failures: number;
  failing_since: Date | null;
  ordered: boolean;
  created_at: Date;
  updated_at: Date;
  secret_sealed: string;
  previous_live: string[];
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
    consecutiveFailures: row.consecutive_failures,
    failingSince: row.failing_since,
    ordered: row.ordered,
    controls: controlsView(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The secrets an endpoint signs with: its current one first, then those rotated out and still in
 * their grace. Throws SecretUnreadable when one does not open (HERALD_ENCRYPTION_KEY changed).
 */
export function openSecrets(box: SecretBox, endpointId: string, sealed: string, previousLive: readonly string[]): string[] {
  try {
    return [sealed, ...previousLive].map((s) => box.open(s, endpointSecretContext(endpointId)));
  } catch (err) {
    throw new SecretUnreadable((err as Error).message);
  }
}

/** Where an endpoint's signing secrets (current and rotated out) are sealed. */
export const endpointSecretContext = (id: string) => sealContext('endpoints', id, 'secret');
/** Where its mesibo shared secret is sealed (inside format_options). */
export const mesiboSecretContext = (id: string) => sealContext('endpoints', id, 'mesiboSecret');

/** Format options as stored: the mesibo secret sealed. */
export function sealFormatOptions(box: SecretBox, endpointId: string, options: FormatOptions): FormatOptions {
  return options.mesiboSecret === undefined ? options : { ...options, mesiboSecret: box.seal(options.mesiboSecret, mesiboSecretContext(endpointId)) };
}

/** Format options as a delivery needs them: the mesibo secret opened (SecretUnreadable when it does not). */
export function openFormatOptions(box: SecretBox, endpointId: string, options: FormatOptions): FormatOptions {
  if (options.mesiboSecret === undefined) return options;
  try {
    return { ...options, mesiboSecret: box.open(options.mesiboSecret, mesiboSecretContext(endpointId)) };
  } catch (err) {
    throw new SecretUnreadable((err as Error).message);
  }
}

export class SecretUnreadable extends Error {
  constructor(cause: string) {
    super(`the endpoint's signing secret does not open with this HERALD_ENCRYPTION_KEY (${cause}); was the key changed?`);
    this.name = 'SecretUnreadable';
  }
}

export function createEndpointsRepository(pool: Pool, box: SecretBox) {
  function withSecrets(row: EndpointRow): EndpointWithSecrets {
    try {
      const endpoint = toEndpoint(row);
      const secrets = openSecrets(box, row.id, row.secret_sealed, row.previous_live);
      let delivery: DeliveryControls;
      try {
        delivery = openControls(box, row.id, row);
      } catch (err) {
        throw new SecretUnreadable((err as Error).message);
      }
      return { ...endpoint, formatOptions: openFormatOptions(box, row.id, endpoint.formatOptions), secrets, delivery };
    } catch (err) {
      return { ...toEndpoint(row), secrets: [], secretError: (err as Error).message };
    }
  }

  return {
    async create(input: {
      id: string;
      appId: string;
      url: string;
      events: string[];
      description?: string;
      guaranteed: boolean;
      ordered?: boolean;
      format?: PayloadFormat;
      formatOptions?: FormatOptions;
      secret: string;
      controls?: ControlsInput;
      /** The most endpoints the app may have; past it nothing is created. */
      limit: number;
    }): Promise<Endpoint | 'no-app' | 'limit'> {
      return withTransaction(pool, async (client) => {
        // The app's row lock serialises creations per app, so concurrent ones cannot pass the cap
        // together; NO KEY UPDATE leaves inserts of the app's events (a foreign-key share lock) free.
        const app = await client.query('SELECT 1 FROM apps WHERE id = $1 FOR NO KEY UPDATE', [input.appId]);
        if (app.rowCount === 0) return 'no-app';
        const { rows: counted } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM endpoints WHERE app_id = $1', [input.appId]);
        if (counted[0].n >= input.limit) return 'limit';
        const controls = Object.entries(controlColumns(box, input.id, input.controls ?? {}));
        const { rows } = await client.query<EndpointRow>(
          `INSERT INTO endpoints (id, app_id, url, events, description, guaranteed, secret_sealed, format, format_options, ordered${controls.map(([c]) => `, ${c}`).join('')})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10${controls.map((_, i) => `, $${11 + i}`).join('')}) RETURNING ${COLUMNS}`,
          [
            input.id, input.appId, input.url, input.events, input.description ?? null, input.guaranteed, box.seal(input.secret, endpointSecretContext(input.id)),
            input.format ?? 'herald', sealFormatOptions(box, input.id, input.formatOptions ?? {}), input.ordered ?? false, ...controls.map(([, v]) => v),
          ],
        );
        return toEndpoint(rows[0]);
      });
    },

    async get(appId: string, id: string): Promise<Endpoint | undefined> {
      const { rows } = await pool.query<EndpointRow>(`SELECT ${COLUMNS} FROM endpoints WHERE app_id = $1 AND id = $2`, [appId, id]);
      return rows[0] && toEndpoint(rows[0]);
    },

    async getWithSecrets(appId: string, id: string): Promise<EndpointWithSecrets | undefined> {
      const { rows } = await pool.query<EndpointRow>(`SELECT ${COLUMNS} FROM endpoints WHERE app_id = $1 AND id = $2`, [appId, id]);
      return rows[0] && withSecrets(rows[0]);
    },

    /** A page of the app's endpoints in id order (ids sort by creation time), after the cursor. */
    async list(appId: string, page: { after?: string; limit: number }): Promise<{ data: Endpoint[]; nextCursor?: string }> {
      const { rows } = await pool.query<EndpointRow>(
        `SELECT ${COLUMNS} FROM endpoints WHERE app_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [appId, page.after ?? null, page.limit + 1],
      );
      const data = rows.slice(0, page.limit).map(toEndpoint);
      return rows.length > page.limit ? { data, nextCursor: data[data.length - 1].id } : { data };
    },

    async update(
      appId: string,
      id: string,
      patch: {
        url?: string;
        events?: string[];
        description?: string;
        guaranteed?: boolean;
        ordered?: boolean;
        format?: PayloadFormat;
        formatOptions?: FormatOptions;
        controls?: ControlsInput;
      },
    ): Promise<Endpoint | undefined> {
      const controls = Object.entries(controlColumns(box, id, patch.controls ?? {}));
      const { rows } = await pool.query<EndpointRow>(
        `UPDATE endpoints SET url = COALESCE($3, url), events = COALESCE($4, events),
           description = COALESCE($5, description), guaranteed = COALESCE($6, guaranteed),
           format = COALESCE($7, format), format_options = COALESCE($8, format_options), ordered = COALESCE($9, ordered),
           ${controls.map(([c], i) => `${c} = $${10 + i}, `).join('')}updated_at = now()
         WHERE app_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [
          appId, id, patch.url ?? null, patch.events ?? null, patch.description ?? null, patch.guaranteed ?? null,
          patch.format ?? null, patch.formatOptions ? sealFormatOptions(box, id, patch.formatOptions) : null, patch.ordered ?? null,
          ...controls.map(([, v]) => v),
        ],
      );
      if (rows[0] && patch.controls?.rateLimit !== undefined) await pool.query(RESET_RATE_SLOTS, [id]);
      return rows[0] && toEndpoint(rows[0]);
    },

    /**
     * Enables or disables an endpoint. A disable that changes something stores its
     * endpoint.disabled event (noted for the start sweeper), in the same statement, as a disable
     * that a delivery decides does: the caller starts it.
     */
    async setStatus(appId: string, id: string, status: 'enabled' | 'disabled', reason?: string): Promise<{ endpoint: Endpoint; said?: HeraldEvent } | undefined> {
      return withTransaction(pool, async (client) => {
        // The row lock orders racing calls: of two disables, only the first finds it enabled.
        const before = await client.query<{ status: string }>('SELECT status FROM endpoints WHERE app_id = $1 AND id = $2 FOR NO KEY UPDATE', [appId, id]);
        if (!before.rows[0]) return undefined;
        const { rows } = await client.query<EndpointRow>(
          `UPDATE endpoints SET status = $3,
             disabled_reason = CASE WHEN $3 = 'disabled' THEN $4 END,
             disabled_at = CASE WHEN $3 = 'disabled' THEN now() END,
             -- Enabled again, it starts with a clean record.
             consecutive_failures = CASE WHEN $3 = 'enabled' THEN 0 ELSE consecutive_failures END,
             failing_since = CASE WHEN $3 = 'enabled' THEN NULL ELSE failing_since END,
             updated_at = now()
           WHERE app_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [appId, id, status, reason ?? null],
        );
        const endpoint = toEndpoint(rows[0]);
        if (status !== 'disabled' || before.rows[0].status !== 'enabled') return { endpoint };
        const said = await client.query<OperationalRow>(
          `WITH operational AS (
             INSERT INTO events (app_id, id, type, data, occurred_at)
             VALUES ($1, 'op_' || replace(gen_random_uuid()::text, '-', ''), 'endpoint.disabled',
               jsonb_build_object('endpointId', $2::text, 'url', $3::text, 'reason', $4::text, 'disabledAt', $5::timestamptz), now())
             RETURNING id, type, data, occurred_at
           ),
           noted AS (${NOTE_OPERATIONAL})
           SELECT id, type, data, occurred_at FROM operational`,
          [appId, id, endpoint.url, endpoint.disabledReason, endpoint.disabledAt],
        );
        return { endpoint, said: operationalEvent(appId, said.rows[0]) };
      });
    },

    /**
     * New secret now; the one it replaces keeps signing beside it until `graceSeconds` have
     * passed, as do earlier ones still inside their own grace. Expired ones are dropped. Refused
     * ('too-many') while MAX_LIVE_PREVIOUS_SECRETS are still in their grace.
     */
    async rotateSecret(
      appId: string,
      id: string,
      secret: string,
      graceSeconds: number,
    ): Promise<{ endpoint: Endpoint; previousValidUntil: Date } | 'too-many' | undefined> {
      const { rows } = await pool.query<EndpointRow & { previous_valid_until: Date }>(
        `UPDATE endpoints SET
           previous_secrets = jsonb_build_array(jsonb_build_object('sealed', secret_sealed, 'expiresAt', now() + make_interval(secs => $4)))
             || (SELECT COALESCE(jsonb_agg(s ORDER BY (s->>'expiresAt')::timestamptz DESC), '[]'::jsonb) FROM jsonb_array_elements(previous_secrets) s
                 WHERE (s->>'expiresAt')::timestamptz > now()),
           secret_sealed = $3, updated_at = now()
         WHERE app_id = $1 AND id = $2 AND jsonb_array_length(${LIVE_PREVIOUS_SECRETS}) < $5
         RETURNING ${COLUMNS}, now() + make_interval(secs => $4) AS previous_valid_until`,
        [appId, id, box.seal(secret, endpointSecretContext(id)), graceSeconds, MAX_LIVE_PREVIOUS_SECRETS],
      );
      if (rows[0]) return { endpoint: toEndpoint(rows[0]), previousValidUntil: rows[0].previous_valid_until };
      const exists = await pool.query('SELECT 1 FROM endpoints WHERE app_id = $1 AND id = $2', [appId, id]);
      return exists.rowCount ? 'too-many' : undefined;
    },

    /** Removes the endpoint; what it had waiting (an ordered endpoint's queue) ends `skipped`. */
    async remove(appId: string, id: string): Promise<{ ordered: boolean } | undefined> {
      const { rows } = await pool.query<{ removed: boolean; ordered: boolean }>(
        `WITH removed AS (DELETE FROM endpoints WHERE app_id = $1 AND id = $2 RETURNING id, ordered),
         ended AS (
           UPDATE deliveries SET status = 'skipped', last_error = 'endpoint deleted', next_attempt_at = NULL, updated_at = now()
           WHERE app_id = $1 AND endpoint_id = $2 AND status IN ('queued', 'retrying') AND EXISTS (SELECT 1 FROM removed)
         )
         SELECT EXISTS (SELECT 1 FROM removed) AS removed, COALESCE((SELECT ordered FROM removed), false) AS ordered`,
        [appId, id],
      );
      return rows[0].removed ? { ordered: rows[0].ordered } : undefined;
    },
  };
}

export type EndpointsRepository = ReturnType<typeof createEndpointsRepository>;
