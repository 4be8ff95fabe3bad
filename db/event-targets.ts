// What an event's first round reads before it sends anything: the app's settings and the enabled
// endpoints that want the event's type, their secrets opened, in one read-only round trip.
import type { Pool } from './pool';
import { rememberingOpens, type SecretBox } from '../domain/secret-box';
import { withDefaults, type AppSettings, type AppSettingsInput } from '../domain/app-settings';
import type { FormatOptions, PayloadFormat } from '../domain/payload-formats';
import { LIVE_PREVIOUS_SECRETS, openFormatOptions, openSecrets } from './endpoints-repository';
import { hasDeliveryControls, openControls, type DeliveryControlRow } from './endpoint-controls';
import { compiledFilter } from './compiled-filters';
import type { DeliveryControls } from '../domain/endpoint-controls';

export interface RouteTarget {
  endpointId: string;
  url: string;
  guaranteed: boolean;
  format: PayloadFormat;
  formatOptions: FormatOptions;
  secrets: string[];
  /** Set instead of `secrets` when they do not open: the delivery fails with this reason, unsent. */
  secretError?: string;
  /** An ordered endpoint: its deliveries are queued for its own workflow, not made by the round. */
  ordered?: boolean;
  /** Its delivery controls (headers, auth, TLS, rate limit, transformation), secrets opened; absent when it has none. */
  controls?: DeliveryControls;
}

export function createEventTargets(pool: Pool, sealedBox: SecretBox) {
  const box = rememberingOpens(sealedBox);
  return {
    /**
     * The app's settings and the enabled endpoints that want this event (its type, and their
     * filter over its data), secrets opened: one read-only round trip before an event's first
     * attempts (nothing to commit on the way to the receivers).
     */
    async targets(
      appId: string,
      type: string,
      data: Record<string, unknown> = {},
    ): Promise<{ settings: AppSettings; targets: RouteTarget[]; offlineNoticesWanted: boolean; routesWanted: boolean; cancelsWanted: boolean }> {
      const { rows } = await pool.query<{
        settings: AppSettingsInput;
        notices_wanted: boolean;
        routes_wanted: boolean;
        cancels_wanted: boolean;
        id: string | null;
        url: string;
        guaranteed: boolean;
        ordered: boolean;
        format: PayloadFormat;
        format_options: FormatOptions;
        secret_sealed: string;
        previous_live: string[] | null;
        filter_text: string | null;
      } & DeliveryControlRow>({
        name: 'events.targets',
        // The EXISTS names $1, not a.id: uncorrelated, PostgreSQL runs it once, not once per endpoint row.
        text: `SELECT a.settings,
                (EXISTS (SELECT 1 FROM endpoints n WHERE n.app_id = $1 AND n.status = 'enabled'
                         AND (n.events @> ARRAY['message.offline'] OR n.events @> ARRAY['*']))
                 OR EXISTS (SELECT 1 FROM push_credentials p WHERE p.app_id = $1 AND p.active)) AS notices_wanted,
                EXISTS (SELECT 1 FROM routes r WHERE r.app_id = $1 AND (r.events @> ARRAY[$2] OR r.events @> ARRAY['*'])) AS routes_wanted,
                EXISTS (SELECT 1 FROM routes r WHERE r.app_id = $1 AND r.policy->'cancelOn' ? $2) AS cancels_wanted,
                e.id, e.url, e.guaranteed, e.ordered, e.format, e.format_options, e.secret_sealed,
                e.filter::text AS filter_text, e.rate_limit, e.transformation, e.headers_sealed, e.auth, e.tls_sealed,
                CASE WHEN e.id IS NOT NULL THEN ${LIVE_PREVIOUS_SECRETS.replaceAll('previous_secrets', 'e.previous_secrets')} END AS previous_live
         FROM apps a
         LEFT JOIN endpoints e ON e.app_id = a.id AND e.status = 'enabled'
           AND (e.events @> ARRAY[$2] OR e.events @> ARRAY['*'])
         WHERE a.id = $1
         ORDER BY e.id`,
        values: [appId, type],
      });
      if (rows.length === 0) return { settings: withDefaults(undefined), targets: [], offlineNoticesWanted: false, routesWanted: false, cancelsWanted: false }; // app deleted
      const targets: RouteTarget[] = [];
      for (const row of rows) {
        if (!row.id) continue;
        // Filtered out is not a failure: the endpoint has no delivery of this event at all.
        const filter = compiledFilter(row.filter_text);
        if (filter && !filter({ type, data })) continue;
        const target = { endpointId: row.id, url: row.url, guaranteed: row.guaranteed, format: row.format, formatOptions: row.format_options, ...(row.ordered && { ordered: true }) };
        // One endpoint whose secret does not open fails alone; the others are delivered.
        try {
          const controls = hasDeliveryControls(row) ? openControls(box, row.id, row) : undefined;
          targets.push({
            ...target,
            formatOptions: openFormatOptions(box, row.id, row.format_options),
            secrets: openSecrets(box, row.id, row.secret_sealed, row.previous_live ?? []),
            ...(controls && { controls }),
          });
        } catch (err) {
          targets.push({ ...target, secrets: [], secretError: (err as Error).message });
        }
      }
      return {
        settings: withDefaults(rows[0].settings),
        targets,
        offlineNoticesWanted: rows[0].notices_wanted,
        routesWanted: rows[0].routes_wanted,
        // An ack some route's sends may be cancelled by (cancelOn): it goes to the users waiting on its message.
        cancelsWanted: rows[0].cancels_wanted,
      };
    },
  };
}
