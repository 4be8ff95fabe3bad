// An app's forwarding channels and the routes that send events to them. A channel's config is
// kept in two parts: what may be shown (`config`) and its type's secret fields, sealed together.
import type { Pool } from './pool';
import { sealContext, type SecretBox } from '../domain/secret-box';
import { insertUnderCap } from './caps';
import type { RoutePolicy } from '../domain/notification-policy';
import type { EventFilter } from '../domain/event-filter';
import { compiledFilter } from './compiled-filters';

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
  /** Only events matching it are sent on this route (domain/event-filter.ts). */
  filter: EventFilter | null;
  /** Channels a send moves to, in order, when the one in use fails for a while (activities/channels/failover.ts). */
  fallbackChannelIds: string[];
  createdAt: Date;
}

/** Everything one send on a route needs: its channel's whole config, secrets opened. */
export interface RouteTarget {
  routeId: string;
  channelId: string;
  channelType: string;
  channelName: string;
  channelStatus: 'ok' | 'failing';
  /** Transient failures in a row, and until when a failing channel is skipped (its circuit open). */
  channelFailures?: number;
  openUntil?: number;
  /** The whole config; undefined when its secrets do not open (then `configError` says why). */
  config?: Record<string, unknown>;
  configError?: string;
  to: string | null;
  /** `user`: the send goes to the event's user, under the user's preferences. */
  recipient?: RouteRecipient | null;
  policy?: RoutePolicy;
  template: RouteTemplate;
  /** The route's fallback channels, in order, configs opened (a missing one, deleted, is left out). */
  fallbacks?: FallbackChannel[];
}

/** A channel a route's send may move to. */
export type FallbackChannel = Pick<RouteTarget, 'channelId' | 'channelType' | 'channelName' | 'channelStatus' | 'channelFailures' | 'openUntil' | 'config' | 'configError'>;

/** What a send learnt of a channel's health (activities/channels/failover.ts). */
export interface ChannelHealth {
  channelId: string;
  event: 'ok' | 'transient' | 'misconfigured';
  reason?: string;
}

/** Transient failures in a row that open a channel's circuit, and how long it stays open. */
export const CIRCUIT = { failures: 5, coolDownSeconds: 60 } as const;

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
  filter: EventFilter | null;
  fallback_channel_ids: string[] | null;
  created_at: Date;
}

const ROUTE_COLUMNS = 'id, app_id, channel_id, events, to_template, recipient, policy, template, filter, fallback_channel_ids, created_at';

const toRoute = (r: RouteRow): RouteRecord => ({
  id: r.id,
  appId: r.app_id,
  channelId: r.channel_id,
  events: r.events,
  to: r.to_template,
  recipient: r.recipient,
  policy: r.policy,
  template: r.template,
  filter: r.filter,
  fallbackChannelIds: r.fallback_channel_ids ?? [],
  createdAt: r.created_at,
});

type StoredChannel = {
  id: string;
  type: string;
  name: string;
  status: 'ok' | 'failing';
  config: Record<string, unknown>;
  secret_sealed: string | null;
  transient_failures: number;
  open_until: Date | string | null;
};
type TargetRow = RouteRow & {
  filter_text: string | null;
  channel_type: string;
  channel_name: string;
  channel_status: 'ok' | 'failing';
  config: Record<string, unknown>;
  secret_sealed: string | null;
  channel_failures: number;
  open_until: Date | null;
  fallbacks: StoredChannel[] | null;
};

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

  function opened(c: StoredChannel): FallbackChannel {
    const base = {
      channelId: c.id,
      channelType: c.type,
      channelName: c.name,
      channelStatus: c.status,
      channelFailures: c.transient_failures,
      ...(c.open_until && { openUntil: new Date(c.open_until).getTime() }),
    };
    try {
      return { ...base, config: openConfig(c.id, c.config, c.secret_sealed) };
    } catch (err) {
      return { ...base, configError: `the channel's secrets do not open: ${(err as Error).message}` };
    }
  }

  function toTarget(r: TargetRow): RouteTarget {
    const channel = opened({ id: r.channel_id, type: r.channel_type, name: r.channel_name, status: r.channel_status, config: r.config, secret_sealed: r.secret_sealed, transient_failures: r.channel_failures, open_until: r.open_until });
    // In the route's order: a fallback deleted since is left out.
    const fallbacks = (r.fallback_channel_ids ?? []).flatMap((id) => {
      const found = r.fallbacks?.find((f) => f.id === id);
      return found ? [opened(found)] : [];
    });
    return { routeId: r.id, to: r.to_template, recipient: r.recipient, policy: r.policy, template: r.template, ...channel, ...(fallbacks.length > 0 && { fallbacks }) };
  }

  const TARGET_SELECT = `SELECT r.id, r.app_id, r.channel_id, r.events, r.to_template, r.recipient, r.policy, r.template, r.created_at,
      r.filter::text AS filter_text, r.fallback_channel_ids,
      c.type AS channel_type, c.name AS channel_name, c.status AS channel_status, c.config, c.secret_sealed,
      c.transient_failures AS channel_failures, c.open_until,
      CASE WHEN r.fallback_channel_ids IS NOT NULL THEN
        (SELECT json_agg(json_build_object('id', f.id, 'type', f.type, 'name', f.name, 'status', f.status, 'config', f.config, 'secret_sealed', f.secret_sealed,
                                           'transient_failures', f.transient_failures, 'open_until', f.open_until))
         FROM channels f WHERE f.app_id = r.app_id AND f.id = ANY(r.fallback_channel_ids)) END AS fallbacks
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

    /**
     * What a round's sends learnt of their channels, in one statement: a success closes the circuit;
     * a misconfiguration, or CIRCUIT.failures transient failures in a row, opens it (failing, with
     * why) for CIRCUIT.coolDownSeconds; a failure of a failing channel tried again opens it again.
     */
    async recordHealth(changes: readonly ChannelHealth[]): Promise<void> {
      // One row per channel: the last word, and how many transient failures this round saw.
      // A success within the round resets the run: what the round saw after it counts from 0 (`reset`).
      const per = new Map<string, { event: ChannelHealth['event']; reason?: string; transient: number; reset: boolean }>();
      for (const c of changes) {
        const seen = per.get(c.channelId);
        const reset = c.event === 'ok' || Boolean(seen?.reset);
        per.set(c.channelId, { event: c.event, reason: c.reason, transient: (c.event === 'ok' ? 0 : (seen?.transient ?? 0)) + (c.event === 'transient' ? 1 : 0), reset });
      }
      await pool.query(
        `UPDATE channels c SET
           transient_failures = CASE WHEN h.event = 'ok' THEN 0 ELSE h.run END,
           status = CASE WHEN h.event = 'ok' THEN 'ok'
                         WHEN h.event = 'misconfigured' OR (c.status = 'failing' AND NOT h.reset) OR h.run >= $2 THEN 'failing'
                         ELSE 'ok' END,
           status_reason = CASE WHEN h.event = 'ok' THEN NULL
                                WHEN h.event = 'misconfigured' THEN h.reason
                                WHEN (c.status = 'failing' AND NOT h.reset) OR h.run >= $2 THEN h.run || ' failures in a row, the last: ' || h.reason
                                ELSE NULL END,
           open_until = CASE WHEN h.event = 'ok' THEN NULL
                             WHEN h.event = 'misconfigured' OR (c.status = 'failing' AND NOT h.reset) OR h.run >= $2 THEN now() + make_interval(secs => $3)
                             ELSE NULL END,
           updated_at = now()
         FROM (SELECT x.*, CASE WHEN x.reset THEN 0 ELSE ch.transient_failures END + x.transient AS run
               FROM jsonb_to_recordset($1::jsonb) AS x(id text, event text, reason text, transient int, reset boolean)
               JOIN channels ch ON ch.id = x.id) h
         WHERE c.id = h.id`,
        [JSON.stringify([...per].map(([id, h]) => ({ id, ...h }))), CIRCUIT.failures, CIRCUIT.coolDownSeconds],
      );
    },

    /** Creates a route on one of the app's channels (undefined: no such channel), unless the app has `limit` already ('limit'). */
    async createRoute(
      input: { id: string; appId: string; channelId: string; events: string[]; to?: string; recipient?: RouteRecipient; policy?: RoutePolicy; template: RouteTemplate; filter?: EventFilter; fallbackChannelIds?: string[] },
      limit: number,
    ): Promise<RouteRecord | undefined | 'limit'> {
      const count = { text: 'SELECT count(*)::int AS n FROM routes WHERE app_id = $1', values: [input.appId] };
      return insertUnderCap(pool, input.appId, count, limit, async (db) => {
        // The channel must be the app's own: joined, not trusted.
        const { rows } = await db.query<RouteRow>(
          `INSERT INTO routes (id, app_id, channel_id, events, to_template, recipient, template, policy, filter, fallback_channel_ids)
           SELECT $1, $2, c.id, $4, $5, $7, $6, $8, $9, $10 FROM channels c WHERE c.app_id = $2 AND c.id = $3
           RETURNING ${ROUTE_COLUMNS}`,
          [
            input.id, input.appId, input.channelId, input.events, input.to ?? null, input.template, input.recipient ?? null, JSON.stringify(input.policy ?? {}),
            input.filter ? JSON.stringify(input.filter) : null, input.fallbackChannelIds?.length ? input.fallbackChannelIds : null,
          ],
        );
        return rows[0] && toRoute(rows[0]);
      });
    },

    async listRoutes(appId: string, page: { after?: string; limit: number }): Promise<{ data: RouteRecord[]; nextCursor?: string }> {
      const { rows } = await pool.query<RouteRow>(
        `SELECT ${ROUTE_COLUMNS} FROM routes
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

    /** The routes that want this event (its type, and their filter over its data), with their channels' configs opened. */
    async targets(appId: string, type: string, data: Record<string, unknown> = {}): Promise<RouteTarget[]> {
      const { rows } = await pool.query<TargetRow>(`${TARGET_SELECT} WHERE r.app_id = $1 AND (r.events @> ARRAY[$2] OR r.events @> ARRAY['*']) ORDER BY r.id`, [appId, type]);
      return rows.filter((r) => compiledFilter(r.filter_text)?.({ type, data }) ?? true).map(toTarget);
    },

    /** One route's target for a later attempt; undefined when the route (or its channel) is gone. */
    async target(appId: string, routeId: string): Promise<RouteTarget | undefined> {
      const { rows } = await pool.query<TargetRow>(`${TARGET_SELECT} WHERE r.app_id = $1 AND r.id = $2`, [appId, routeId]);
      return rows[0] && toTarget(rows[0]);
    },
  };
}

export type ChannelsRepository = ReturnType<typeof createChannelsRepository>;
