// An app's health over a window, as an Amity-style console shows it: delivery success, the
// webhook failure rate, event coverage and push credentials' expiry, each beside its threshold.
// Read from the events received in the window (the events_received index), their deliveries and
// their attempts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppParams, errorResponses } from '../schemas';
import { daysToExpiry } from '../../domain/push-credentials';
import type { RouteDeps } from '../route-deps';
import { HttpError } from '../errors';

export const THRESHOLDS = { deliverySuccessPercent: 95, webhookFailurePercent: 2, credentialDays: 30 } as const;

const Duration = (description: string) => Type.String({ pattern: '^([1-9][0-9]{0,3})(m|h|d)$', description });
const StatsQuery = Type.Object(
  {
    window: Type.Optional({ ...Duration('e.g. 15m, 24h, 7d; at most 30d'), default: '24h' }),
    bucket: Type.Optional(Duration('the series\' step, e.g. 1m, 1h; by default the smallest of 1m, 5m, 15m, 1h, 6h, 1d that makes at most 120 points')),
    endpointId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'the series of one endpoint or route' })),
  },
  { additionalProperties: false },
);
/** One step of the charts: attempts that ended delivered, that will be tried again, that ended failed; their latency. */
const Point = Type.Object({
  at: Type.String(),
  delivered: Type.Integer(),
  retrying: Type.Integer(),
  failed: Type.Integer(),
  p50Ms: Type.Union([Type.Number(), Type.Null()]),
  p99Ms: Type.Union([Type.Number(), Type.Null()]),
  /** The step's figures as the thresholds measure them: deliveries that ended in it (and those delivered), webhook attempts (and those that failed). */
  ended: Type.Integer(),
  endedDelivered: Type.Integer(),
  webhookAttempts: Type.Integer(),
  webhookFailed: Type.Integer(),
});
const Figure = Type.Object({ percent: Type.Union([Type.Number(), Type.Null()]), threshold: Type.Number(), breached: Type.Boolean() });
const StatsView = Type.Object({
  window: Type.String(),
  since: Type.String(),
  events: Type.Integer(),
  deliverySuccess: Type.Composite([Figure, Type.Object({ delivered: Type.Integer(), ended: Type.Integer() })]),
  webhookFailureRate: Type.Composite([Figure, Type.Object({ failed: Type.Integer(), attempts: Type.Integer() })]),
  coverage: Type.Object({ percent: Type.Union([Type.Number(), Type.Null()]), typesReceived: Type.Array(Type.String()), withoutSubscriber: Type.Array(Type.String()) }),
  credentials: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), platform: Type.String(), daysToExpiry: Type.Integer(), threshold: Type.Number(), breached: Type.Boolean() })),
  bucket: Type.String(),
  series: Type.Array(Point),
});

const UNIT_SECONDS = { m: 60, h: 3600, d: 86_400 } as const;
const secondsOf = (duration: string) => {
  const [, amount, unit] = /^(\d+)([mhd])$/.exec(duration)!;
  return Number(amount) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
};
const BUCKETS = ['1m', '5m', '15m', '1h', '6h', '1d'];
const MAX_POINTS = 1440;
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);

export const statsRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, { auth, pool }) => {
  app.get('/v1/apps/:appId/stats', { schema: { params: AppParams, querystring: StatsQuery, response: { 200: StatsView, ...errorResponses } } }, async (request) => {
    const { appId } = request.params;
    auth.requireApp(request, appId);
    await auth.requireAppExists(request, appId);
    const window = request.query.window ?? '24h';
    const seconds = Math.min(secondsOf(window), 30 * 86_400);
    const bucket = request.query.bucket ?? BUCKETS.find((b) => seconds / secondsOf(b) <= 120) ?? '1d';
    const step = secondsOf(bucket);
    if (seconds / step > MAX_POINTS) {
      throw new HttpError(400, 'bad_request', `bucket ${bucket} makes ${Math.ceil(seconds / step)} points over ${window}: at most ${MAX_POINTS}`, [{ path: '/bucket', message: `at least ${Math.ceil(seconds / MAX_POINTS)} seconds` }]);
    }
    const { rows } = await pool.query<{ since: Date; events: number; delivered: number; ended: number; attempts: number; failed: number; received: string[] | null; uncovered: string[] | null }>(
      `WITH ev AS (SELECT id, type FROM events WHERE app_id = $1 AND received_at >= now() - make_interval(secs => $2)),
            d AS (SELECT d.status FROM deliveries d JOIN ev ON d.app_id = $1 AND d.event_id = ev.id),
            a AS (SELECT a.status_code FROM delivery_attempts a JOIN ev ON a.app_id = $1 AND a.event_id = ev.id WHERE a.channel = 'webhook'),
            types AS (SELECT DISTINCT type FROM ev)
       SELECT now() - make_interval(secs => $2) AS since,
         (SELECT count(*)::int FROM ev) AS events,
         (SELECT count(*)::int FROM d WHERE status = 'delivered') AS delivered,
         (SELECT count(*)::int FROM d WHERE status IN ('delivered', 'failed')) AS ended,
         (SELECT count(*)::int FROM a) AS attempts,
         (SELECT count(*)::int FROM a WHERE status_code IS NULL OR status_code >= 400) AS failed,
         (SELECT array_agg(type ORDER BY type) FROM types) AS received,
         (SELECT array_agg(t.type ORDER BY t.type) FROM types t WHERE NOT EXISTS (
            SELECT 1 FROM endpoints e WHERE e.app_id = $1 AND e.status = 'enabled' AND (e.events @> ARRAY[t.type] OR e.events @> ARRAY['*']))
          AND NOT EXISTS (SELECT 1 FROM routes r WHERE r.app_id = $1 AND (r.events @> ARRAY[t.type] OR r.events @> ARRAY['*']))) AS uncovered`,
      [appId, seconds],
    );
    const r = rows[0];
    const credentials = await pool.query<{ id: string; name: string; platform: string; expires_at: Date }>(
      'SELECT id, name, platform, expires_at FROM push_credentials WHERE app_id = $1 AND active AND expires_at IS NOT NULL ORDER BY expires_at',
      [appId],
    );
    const series = await seriesOf(pool, appId, seconds, step, request.query.endpointId);
    const success = percent(r.delivered, r.ended);
    const failure = percent(r.failed, r.attempts);
    const received = r.received ?? [];
    const uncovered = r.uncovered ?? [];
    return {
      window,
      since: r.since.toISOString(),
      events: r.events,
      deliverySuccess: { percent: success, delivered: r.delivered, ended: r.ended, threshold: THRESHOLDS.deliverySuccessPercent, breached: success !== null && success < THRESHOLDS.deliverySuccessPercent },
      webhookFailureRate: { percent: failure, failed: r.failed, attempts: r.attempts, threshold: THRESHOLDS.webhookFailurePercent, breached: failure !== null && failure > THRESHOLDS.webhookFailurePercent },
      coverage: { percent: percent(received.length - uncovered.length, received.length), typesReceived: received, withoutSubscriber: uncovered },
      credentials: credentials.rows.map((c) => {
        const days = daysToExpiry(c.expires_at, new Date());
        return { id: c.id, name: c.name, platform: c.platform, daysToExpiry: days, threshold: THRESHOLDS.credentialDays, breached: days < THRESHOLDS.credentialDays };
      }),
      bucket,
      series,
    };
  });
};

/**
 * The attempts of the window in steps of `step` seconds, every step present (zero when quiet),
 * from the step the window starts in (whole: its attempts before the window count too) to the one
 * under way. An attempt counts by what came of it when it was written (delivered; retrying:
 * another was due; failed); older rows without that are judged by their delivery. Beside them,
 * the step's figures as the thresholds measure them (api/routes/stats.ts THRESHOLDS).
 */
async function seriesOf(pool: RouteDeps['pool'], appId: string, seconds: number, step: number, endpointId?: string) {
  const { rows } = await pool.query<{ at: Date; delivered: number; retrying: number; failed: number; p50: number | null; p99: number | null; ended: number; ended_delivered: number; webhook_attempts: number; webhook_failed: number }>(
    `WITH bounds AS (SELECT date_bin(make_interval(secs => $3), now() - make_interval(secs => $2), 'epoch') AS since),
     steps AS (SELECT generate_series((SELECT since FROM bounds), now(), make_interval(secs => $3)) AS at),
     a AS (
       SELECT date_bin(make_interval(secs => $3), a.created_at, 'epoch') AS at, a.latency_ms, a.channel, a.status_code,
         CASE WHEN a.outcome IN ('delivered', 'pending') OR (a.outcome IS NULL AND a.error IS NULL) THEN 'delivered'
              WHEN a.outcome = 'retrying' OR (a.outcome IS NULL AND (d.status = 'retrying' OR d.attempts > a.attempt)) THEN 'retrying'
              ELSE 'failed' END AS result
       FROM delivery_attempts a
       LEFT JOIN deliveries d ON a.outcome IS NULL AND d.app_id = a.app_id AND d.event_id = a.event_id AND d.endpoint_id = a.endpoint_id
       WHERE a.app_id = $1 AND a.created_at >= (SELECT since FROM bounds) AND ($4::text IS NULL OR a.endpoint_id = $4)
     ),
     e AS (
       SELECT date_bin(make_interval(secs => $3), d.updated_at, 'epoch') AS at, d.status
       FROM deliveries d
       WHERE d.app_id = $1 AND d.status IN ('delivered', 'failed') AND d.updated_at >= (SELECT since FROM bounds)
         AND ($4::text IS NULL OR d.endpoint_id = $4 OR starts_with(d.endpoint_id, $4 || '#'))
     ),
     by_step AS (
       SELECT at,
         count(*) FILTER (WHERE result = 'delivered')::int AS delivered,
         count(*) FILTER (WHERE result = 'retrying')::int AS retrying,
         count(*) FILTER (WHERE result = 'failed')::int AS failed,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99,
         count(*) FILTER (WHERE channel = 'webhook')::int AS webhook_attempts,
         count(*) FILTER (WHERE channel = 'webhook' AND (status_code IS NULL OR status_code >= 400))::int AS webhook_failed
       FROM a GROUP BY at
     ),
     ended AS (SELECT at, count(*)::int AS ended, count(*) FILTER (WHERE status = 'delivered')::int AS ended_delivered FROM e GROUP BY at)
     SELECT steps.at, COALESCE(b.delivered, 0) AS delivered, COALESCE(b.retrying, 0) AS retrying, COALESCE(b.failed, 0) AS failed, b.p50, b.p99,
       COALESCE(n.ended, 0) AS ended, COALESCE(n.ended_delivered, 0) AS ended_delivered,
       COALESCE(b.webhook_attempts, 0) AS webhook_attempts, COALESCE(b.webhook_failed, 0) AS webhook_failed
     FROM steps LEFT JOIN by_step b ON b.at = steps.at LEFT JOIN ended n ON n.at = steps.at
     ORDER BY steps.at`,
    [appId, seconds, step, endpointId ?? null],
  );
  const ms = (v: number | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);
  return rows.map((r) => ({
    at: r.at.toISOString(), delivered: r.delivered, retrying: r.retrying, failed: r.failed, p50Ms: ms(r.p50), p99Ms: ms(r.p99),
    ended: r.ended, endedDelivered: r.ended_delivered, webhookAttempts: r.webhook_attempts, webhookFailed: r.webhook_failed,
  }));
}
