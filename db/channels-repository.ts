// An app's forwarding channels and the routes that send events to them. A channel's config is
// kept in two parts: what may be shown (`config`) and its type's secret fields, sealed together.
import type { Pool } from './pool';
import { sealContext, type SecretBox } from '../domain/secret-box';
import { insertUnderCap } from './caps';
import type { RoutePolicy } from '../domain/notification-policy';

export interface ChannelRecord {
  id: string;
  appId: string;
  type: string;
  name: string;
  /** The config without its secret fields. */
  config: Record<string, unknown>;
  /** Names of the secret fields it has (never their values). */
  secretFields: string[];
  status: 'ok' | 'failing';
  statusReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RouteTemplate {
  subject?: string;
  text?: string;
  html?: string;
  /** Per BCP 47 tag: the fields a user of that locale is sent instead (domain/user-profile.ts). */
  locales?: Record<string, { subject?: string; text?: string; html?: string }>;
}

/** Who a route sends to: the recipient its `to` renders, or (`user`) the event's user (domain/user-profile.ts). */
export type RouteRecipient = 'user';

export interface RouteRecord {
  id: string;
  appId: string;
  channelId: string;
  events: string[];
  to: string | null;
  recipient: RouteRecipient | null;
  /** When its sends to the user go (domain/notification-policy.ts); empty for a route that sends at once. */
  policy: RoutePolicy;
  template: RouteTemplate;
  createdAt: Date;
}

/** Everything one send on a route needs: its channel's whole config, secrets opened. */
export interface RouteTarget {
  routeId: string;
  channelId: string;
  channelType: string;
  channelName: string;
  channelStatus: 'ok' | 'failing';
  /** The whole config; undefined when its secrets do not open (then `configError` says why). */
  config?: Record<string, unknown>;
  configError?: string;
  to: string | null;
  /** `user`: the send goes to the event's user, under the user's preferences. */
  recipient?: RouteRecipient | null;
  policy?: RoutePolicy;
  template: RouteTemplate;
}

interface ChannelRow {
  id: string;
  app_id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  secret_sealed: string | null;
  status: 'ok' | 'failing';
  status_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const CHANNEL_COLUMNS = 'id, app_id, type, name, config, secret_sealed, status, status_reason, created_at, updated_at';

function toChannel(r: ChannelRow, box: SecretBox): ChannelRecord {
  let secretFields: string[] = [];
  try {
    secretFields = r.secret_sealed ? Object.keys(JSON.parse(box.open(r.secret_sealed, channelSecretContext(r.id))) as object) : [];
  } catch {
    secretFields = [];
  }
  return {
    id: r.id,
    appId: r.app_id,
    type: r.type,
    name: r.name,
    config: r.config,
    secretFields,
    status: r.status,
    statusReason: r.status_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

interface RouteRow {
  id: string;
  app_id: string;
  channel_id: string;
  events: string[];
  to_template: string | null;
  recipient: RouteRecipient | null;
  policy: RoutePolicy;
  template: RouteTemplate;
  created_at: Date;
}

const toRoute = (r: RouteRow): RouteRecord => ({
  id: r.id,
  appId: r.app_id,
  channelId: r.channel_id,
  events: r.events,
  to: r.to_template,
  recipient: r.recipient,
  policy: r.policy,
  template: r.template,
  createdAt: r.created_at,
});

/** Where a channel's sealed secret fields live (domain/secret-box.ts). */
export const channelSecretContext = (id: string) => sealContext('channels', id, 'secret');

/** Splits a config into what is shown and what is sealed. */
export function splitConfig(config: Record<string, unknown>, secretFields: readonly string[]) {
  const shown: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) (secretFields.includes(key) ? secret : shown)[key] = value;
  return { shown, secret: Object.keys(secret).length > 0 ? secret : undefined };
}

export function createChannelsRepository(pool: Pool, box: SecretBox) {
  const openConfig = (id: string, config: Record<string, unknown>, sealed: string | null): Record<string, unknown> =>
    sealed ? { ...config, ...(JSON.parse(box.open(sealed, channelSecretContext(id))) as Record<string, unknown>) } : config;

  function toTarget(r: RouteRow & { channel_type: string; channel_name: string; channel_status: 'ok' | 'failing'; config: Record<string, unknown>; secret_sealed: string | null }): RouteTarget {
    const base = { routeId: r.id, channelId: r.channel_id, channelType: r.channel_type, channelName: r.channel_name, channelStatus: r.channel_status, to: r.to_template, recipient: r.recipient, policy: r.policy, template: r.template };
    try {
      return { ...base, config: openConfig(r.channel_id, r.config, r.secret_sealed) };
    } catch (err) {
      return { ...base, configError: `the channel's secrets do not open: ${(err as Error).message}` };
    }
  }

  const TARGET_SELECT = `SELECT r.id, r.app_id, r.channel_id, r.events, r.to_template, r.recipient, r.policy, r.template, r.created_at,
      c.type AS channel_type, c.name AS channel_name, c.status AS channel_status, c.config, c.secret_sealed
    FROM routes r JOIN channels c ON c.id = r.channel_id`;

  return {
    /** Creates a channel, unless the app has `limit` already ('limit'). */
    async create(input: { id: string; appId: string; type: string; name: string; config: Record<string, unknown>; secret?: Record<string, unknown> }, limit: number): Promise<ChannelRecord | 'limit'> {
      const count = { text: 'SELECT count(*)::int AS n FROM channels WHERE app_id = $1', values: [input.appId] };
      return insertUnderCap(pool, input.appId, count, limit, async (db) => {
        const { rows } = await db.query<ChannelRow>(
          `INSERT INTO channels (id, app_id, type, name, config, secret_sealed) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CHANNEL_COLUMNS}`,
          [input.id, input.appId, input.type, input.name, input.config, input.secret ? box.seal(JSON.stringify(input.secret), channelSecretContext(input.id)) : null],
        );
        return toChannel(rows[0], box);
      });
    },

    async get(appId: string, id: string): Promise<ChannelRecord | undefined> {
      const { rows } = await pool.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE app_id = $1 AND id = $2`, [appId, id]);
      return rows[0] && toChannel(rows[0], box);
    },

    /** The whole config, secrets opened, for a PATCH that changes part of it. */
    async fullConfig(appId: string, id: string): Promise<Record<string, unknown> | undefined> {
      const { rows } = await pool.query<ChannelRow>(`SELECT ${CHANNEL_COLUMNS} FROM channels WHERE app_id = $1 AND id = $2`, [appId, id]);
      return rows[0] && openConfig(rows[0].id, rows[0].config, rows[0].secret_sealed);
    },

    async list(appId: string, page: { after?: string; limit: number }): Promise<{ data: ChannelRecord[]; nextCursor?: string }> {
      const { rows } = await pool.query<ChannelRow>(
        `SELECT ${CHANNEL_COLUMNS} FROM channels WHERE app_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [appId, page.after ?? null, page.limit + 1],
      );
      const data = rows.slice(0, page.limit).map((r) => toChannel(r, box));
      return rows.length > page.limit ? { data, nextCursor: data[data.length - 1].id } : { data };
    },

    /** A new name and/or a new whole config; a new config clears `failing` (the operator fixed it). */
    async update(appId: string, id: string, patch: { name?: string; config?: Record<string, unknown>; secret?: Record<string, unknown> }): Promise<ChannelRecord | undefined> {
      const newConfig = patch.config !== undefined;
      const { rows } = await pool.query<ChannelRow>(
        `UPDATE channels SET name = COALESCE($3, name),
           config = CASE WHEN $4 THEN $5 ELSE config END,
           secret_sealed = CASE WHEN $4 THEN $6 ELSE secret_sealed END,
           status = CASE WHEN $4 THEN 'ok' ELSE status END,
           status_reason = CASE WHEN $4 THEN NULL ELSE status_reason END,
           updated_at = now()
         WHERE app_id = $1 AND id = $2 RETURNING ${CHANNEL_COLUMNS}`,
        [appId, id, patch.name ?? null, newConfig, patch.config ?? null, patch.secret ? box.seal(JSON.stringify(patch.secret), channelSecretContext(id)) : null],
      );
      return rows[0] && toChannel(rows[0], box);
    },

    /** Removes a channel and its routes. */
    async remove(appId: string, id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM channels WHERE app_id = $1 AND id = $2', [appId, id]);
      return (rowCount ?? 0) > 0;
    },

    async setStatus(channelId: string, status: 'ok' | 'failing', reason?: string): Promise<void> {
      await pool.query(
        `UPDATE channels SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1 AND (status <> $2 OR status_reason IS DISTINCT FROM $3)`,
        [channelId, status, reason ?? null],
      );
    },

    /** Creates a route on one of the app's channels (undefined: no such channel), unless the app has `limit` already ('limit'). */
    async createRoute(input: { id: string; appId: string; channelId: string; events: string[]; to?: string; recipient?: RouteRecipient; policy?: RoutePolicy; template: RouteTemplate }, limit: number): Promise<RouteRecord | undefined | 'limit'> {
      const count = { text: 'SELECT count(*)::int AS n FROM routes WHERE app_id = $1', values: [input.appId] };
      return insertUnderCap(pool, input.appId, count, limit, async (db) => {
        // The channel must be the app's own: joined, not trusted.
        const { rows } = await db.query<RouteRow>(
          `INSERT INTO routes (id, app_id, channel_id, events, to_template, recipient, template, policy)
           SELECT $1, $2, c.id, $4, $5, $7, $6, $8 FROM channels c WHERE c.app_id = $2 AND c.id = $3
           RETURNING id, app_id, channel_id, events, to_template, recipient, policy, template, created_at`,
          [input.id, input.appId, input.channelId, input.events, input.to ?? null, input.template, input.recipient ?? null, JSON.stringify(input.policy ?? {})],
        );
        return rows[0] && toRoute(rows[0]);
      });
    },

    async listRoutes(appId: string, page: { after?: string; limit: number }): Promise<{ data: RouteRecord[]; nextCursor?: string }> {
      const { rows } = await pool.query<RouteRow>(
        `SELECT id, app_id, channel_id, events, to_template, recipient, policy, template, created_at FROM routes
         WHERE app_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
        [appId, page.after ?? null, page.limit + 1],
      );
      const data = rows.slice(0, page.limit).map(toRoute);
      return rows.length > page.limit ? { data, nextCursor: data[data.length - 1].id } : { data };
    },

    async removeRoute(appId: string, id: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM routes WHERE app_id = $1 AND id = $2', [appId, id]);
      return (rowCount ?? 0) > 0;
    },

    /** The routes that want this event type, with their channels' configs opened. */
    async targets(appId: string, type: string): Promise<RouteTarget[]> {
      const { rows } = await pool.query(`${TARGET_SELECT} WHERE r.app_id = $1 AND (r.events @> ARRAY[$2] OR r.events @> ARRAY['*']) ORDER BY r.id`, [appId, type]);
      return rows.map(toTarget);
    },

    /** One route's target for a later attempt; undefined when the route (or its channel) is gone. */
    async target(appId: string, routeId: string): Promise<RouteTarget | undefined> {
      const { rows } = await pool.query(`${TARGET_SELECT} WHERE r.app_id = $1 AND r.id = $2`, [appId, routeId]);
      return rows[0] && toTarget(rows[0]);
    },
  };
}

export type ChannelsRepository = ReturnType<typeof createChannelsRepository>;
