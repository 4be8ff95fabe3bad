// The app's health over a window: the four figures with their thresholds, and the charts of the
// stats series (GET …/stats?window=&bucket=): deliveries by outcome, latency.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import { Field, useLoad, when } from '../ui';
import { Chart } from './chart';

const pct = (p: number | null) => (p === null ? '—' : `${p} %`);
type Point = { ended: number; endedDelivered: number; webhookAttempts: number; webhookFailed: number };
/** A share per step, in %, measured as its threshold is; none where the step had nothing to measure. */
const rate = (series: Point[], part: (p: Point) => number, whole: (p: Point) => number) =>
  series.map((p) => (whole(p) === 0 ? null : Math.round((part(p) / whole(p)) * 1000) / 10));

const timesOf = (series: { at: string }[]) => series.map((p) => Date.parse(p.at) / 1000);

/** Attempts per step, stacked by what came of them. */
function AttemptsChart({ title, series }: { title: string; series: { at: string; delivered: number; retrying: number; failed: number }[] }) {
  return (
    <Chart
      title={title}
      unit="attempts"
      stacked
      times={timesOf(series)}
      lines={[
        { label: 'delivered', values: series.map((p) => p.delivered), stroke: '#15803d', fill: 'rgba(21,128,61,0.25)' },
        { label: 'retrying', values: series.map((p) => p.retrying), stroke: '#b45309', fill: 'rgba(180,83,9,0.25)' },
        { label: 'failed', values: series.map((p) => p.failed), stroke: '#b91c1c', fill: 'rgba(185,28,28,0.25)' },
      ]}
    />
  );
}

/** One endpoint's (or route's) attempts over the last day. */
export function EndpointCharts({ api, endpointId }: { api: AppApi; endpointId: string }) {
  const { data } = useLoad(() => api.get(`/stats?window=24h&endpointId=${encodeURIComponent(endpointId)}`), [endpointId]);
  if (!data) return null;
  return <AttemptsChart title={`This endpoint's attempts per ${data.bucket}, last 24 h`} series={data.series} />;
}

export function StatsTab({ api }: { api: AppApi }) {
  const [window, setWindow] = useState('24h');
  const { data: stats, error, reload } = useLoad(() => api.get(`/stats?window=${window}`), [window]);
  const times = stats ? timesOf(stats.series) : [];
  const of = (k: string) => stats?.series.map((p: any) => p[k]) ?? [];
  return (
    <section>
      <div class="row">
        <Field label="Window">
          <select value={window} onChange={(e) => setWindow(e.currentTarget.value)}>
            {['1h', '24h', '7d', '30d'].map((w) => <option key={w} value={w}>{w}</option>)}
          </select>
        </Field>
        <button type="button" onClick={reload}>Refresh</button>
      </div>
      {error && <p class="message bad" role="alert">{error}</p>}
      {stats && (
        <>
          <div class="cards">
            <article class={stats.deliverySuccess.breached ? 'card breached' : 'card'}>
              <h3>Delivery success</h3>
              <p class="figure">{pct(stats.deliverySuccess.percent)}</p>
              <p class="muted">{stats.deliverySuccess.delivered} of {stats.deliverySuccess.ended} ended deliveries · alert under {stats.deliverySuccess.threshold} %</p>
            </article>
            <article class={stats.webhookFailureRate.breached ? 'card breached' : 'card'}>
              <h3>Webhook failure rate</h3>
              <p class="figure">{pct(stats.webhookFailureRate.percent)}</p>
              <p class="muted">{stats.webhookFailureRate.failed} of {stats.webhookFailureRate.attempts} attempts · alert over {stats.webhookFailureRate.threshold} %</p>
            </article>
            <article class="card">
              <h3>Event coverage</h3>
              <p class="figure">{pct(stats.coverage.percent)}</p>
              <p class="muted">{stats.coverage.withoutSubscriber.length ? `no subscriber: ${stats.coverage.withoutSubscriber.join(', ')}` : `${stats.coverage.typesReceived.length} types received, all subscribed`}</p>
            </article>
            <article class="card">
              <h3>Events</h3>
              <p class="figure">{stats.events}</p>
              <p class="muted">received since {when(stats.since)}</p>
            </article>
            {stats.credentials.map((c: any) => (
              <article key={c.id} class={c.breached ? 'card breached' : 'card'}>
                <h3>{c.platform} credential {c.name}</h3>
                <p class="figure">{c.daysToExpiry} days</p>
                <p class="muted">to expiry · alert under {c.threshold}</p>
              </article>
            ))}
          </div>
          <AttemptsChart title={`Attempts per ${stats.bucket}, stacked by outcome`} series={stats.series} />
          <Chart
            title={`Delivery success per ${stats.bucket} (%)`}
            unit="%"
            times={times}
            lines={[{ label: 'delivered of the deliveries that ended', values: rate(stats.series, (p) => p.endedDelivered, (p) => p.ended), stroke: '#15803d' }]}
            threshold={{ value: stats.deliverySuccess.threshold, label: `alert under ${stats.deliverySuccess.threshold} %` }}
          />
          <Chart
            title={`Webhook failure rate per ${stats.bucket} (%)`}
            unit="%"
            times={times}
            lines={[{ label: 'webhook attempts that failed', values: rate(stats.series, (p) => p.webhookFailed, (p) => p.webhookAttempts), stroke: '#b91c1c' }]}
            threshold={{ value: stats.webhookFailureRate.threshold, label: `alert over ${stats.webhookFailureRate.threshold} %` }}
          />
          <Chart
            title={`Attempt latency per ${stats.bucket}`}
            unit="ms"
            times={times}
            lines={[
              { label: 'p50', values: of('p50Ms'), stroke: '#1d4ed8' },
              { label: 'p99', values: of('p99Ms'), stroke: '#7c3aed' },
            ]}
          />
        </>
      )}
    </section>
  );
}
