// Webhook endpoints: add, edit, delete; the secret shown once, revealed again, rotated (with the
// old one's end shown); enable and disable with the reason; a test event and the receiver's
// answer; each endpoint's last attempts as a sparkline.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import { DESCRIPTIONS, type Catalog } from '../catalog';
import { Badge, Copy, Field, Message, useAction, useLoad, when } from '../ui';
import { EndpointCharts } from './stats';
import { ControlsSummary, EndpointControls } from './endpoint-controls';

const FORMATS = ['herald', 'mesibo', 'mqttchat', 'mobiniti'];

/**
 * Event types as checkboxes, each with what it means. `allowAll` adds "every type (*)";
 * `labelOf` names each box for screen readers and tests (where two lists share a page).
 */
export function EventPicker({ catalog, value, onChange, legend = 'Event types', allowAll = true, labelOf = (t) => t, disabled = false }: {
  catalog: Catalog;
  value: string[];
  onChange: (v: string[]) => void;
  legend?: string;
  allowAll?: boolean;
  labelOf?: (type: string) => string;
  disabled?: boolean;
}) {
  const all = allowAll && value.includes('*');
  return (
    <fieldset class="events">
      <legend>{legend}</legend>
      {allowAll && <label class="check"><input type="checkbox" checked={all} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked ? ['*'] : [])} /> every type (*)</label>}
      {catalog.types.map((t) => (
        <label class="check" key={t} title={DESCRIPTIONS[t] ?? ''}>
          <input
            type="checkbox"
            aria-label={labelOf(t)}
            disabled={disabled || all}
            checked={all || value.includes(t)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...value.filter((v) => v !== '*'), t] : value.filter((v) => v !== t))}
          />
          <code>{t}</code> <span class="muted">{DESCRIPTIONS[t] ?? ''}</span>
        </label>
      ))}
    </fieldset>
  );
}

interface Draft { url: string; events: string[]; eventMask: string; description: string; format: string; guaranteed: boolean; ordered: boolean }
const emptyDraft: Draft = { url: '', events: [], eventMask: '', description: '', format: 'herald', guaranteed: true, ordered: false };
/** What the API takes for the draft's event choice: mesibo's mask (0x10 online, 0x20 offline, 0x100 messages) or the types. */
const eventsOf = (d: Draft) => (d.format === 'mesibo' && d.eventMask ? { eventMask: d.eventMask } : { events: d.events });

function EndpointForm({ catalog, initial, submitLabel, onSubmit }: { catalog: Catalog; initial: Draft; submitLabel: string; onSubmit: (d: Draft) => Promise<void> }) {
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); void onSubmit(draft); }}>
      <Field label="URL"><input type="url" value={draft.url} onInput={(e) => set({ url: e.currentTarget.value })} required placeholder="https://example.com/webhooks" /></Field>
      {draft.format === 'mesibo' && (
        <Field label="mesibo event mask" hint="instead of the types below: 0x10 online, 0x20 offline, 0x100 messages (e.g. 0x130)">
          <input value={draft.eventMask} pattern="^0[xX][0-9a-fA-F]{1,8}$|^[0-9]+$" onInput={(e) => set({ eventMask: e.currentTarget.value })} />
        </Field>
      )}
      <EventPicker catalog={catalog} value={draft.events} onChange={(events) => set({ events })} />
      <Field label="Description"><input value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} maxLength={500} /></Field>
      <Field label="Format" hint="the body's shape: Herald's envelope, or a seed platform's (mesibo's takes an event mask)">
        <select value={draft.format} onChange={(e) => set({ format: e.currentTarget.value })}>{FORMATS.map((f) => <option key={f}>{f}</option>)}</select>
      </Field>
      <label class="check"><input type="checkbox" checked={draft.guaranteed} onChange={(e) => set({ guaranteed: e.currentTarget.checked })} /> Retry on the app's schedule (off: one attempt only)</label>
      <label class="check"><input type="checkbox" checked={draft.ordered} onChange={(e) => set({ ordered: e.currentTarget.checked })} /> Ordered: one event at a time, in the order received</label>
      <button type="submit">{submitLabel}</button>
    </form>
  );
}

function Sparkline({ api, endpointId }: { api: AppApi; endpointId: string }) {
  const { data } = useLoad(() => api.get(`/endpoints/${endpointId}/attempts?limit=30`), [endpointId]);
  const attempts: any[] = data?.data ? [...data.data].reverse() : [];
  if (attempts.length === 0) return <span class="muted">no attempts yet</span>;
  const ok = attempts.filter((a) => a.statusCode >= 200 && a.statusCode < 300).length;
  return (
    <span class="spark" role="img" aria-label={`last ${attempts.length} attempts: ${ok} succeeded`}>
      {attempts.map((a, i) => <i key={i} class={a.statusCode >= 200 && a.statusCode < 300 ? 'ok' : 'bad'} title={`${when(a.createdAt)} · ${a.statusCode ?? a.error ?? ''}`} />)}
    </span>
  );
}

function EndpointRow({ api, catalog, endpoint, reload }: { api: AppApi; catalog: Catalog; endpoint: any; reload: () => void }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [secret, setSecret] = useState<{ secret: string; previousSecretValidUntil?: string }>();
  const [testType, setTestType] = useState(endpoint.events.includes('*') ? 'message.created' : endpoint.events[0] ?? 'message.created');
  const [answer, setAnswer] = useState<any>();
  const [reason, setReason] = useState('');
  const [act, message] = useAction();
  const path = `/endpoints/${endpoint.id}`;
  return (
    <li class="endpoint">
      <div class="row">
        <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>{endpoint.url}</button>
        <Badge status={endpoint.status} />
        <Sparkline api={api} endpointId={endpoint.id} />
      </div>
      <p class="muted">{[endpoint.description, endpoint.events.join(', '), endpoint.format, endpoint.ordered && 'ordered', endpoint.disabledReason && `disabled: ${endpoint.disabledReason}`].filter(Boolean).join(' · ')}</p>
      <ControlsSummary endpoint={endpoint} />
      {open && (
        <div class="details">
          {!api.readOnly && (
            <div class="row">
              <button type="button" onClick={() => setEditing(!editing)}>Edit</button>
              {endpoint.status === 'enabled' ? (
                <>
                  <input aria-label="Reason to disable" placeholder="reason (optional)" value={reason} maxLength={300} onInput={(e) => setReason(e.currentTarget.value)} />
                  <button type="button" onClick={() => act(async () => { await api.post(`${path}/disable`, reason ? { reason } : {}); reload(); return 'Disabled.'; })}>Disable</button>
                </>
              ) : <button type="button" onClick={() => act(async () => { await api.post(`${path}/enable`); reload(); return 'Enabled.'; })}>Enable</button>}
              <button type="button" onClick={() => act(async () => setSecret(await api.get(`${path}/secret`)))}>Reveal secret</button>
              <button type="button" onClick={() => act(async () => { const s = await api.post(`${path}/secret/rotate`); setSecret(s); return `Rotated: the old secret still signs until ${when(s.previousSecretValidUntil)}.`; })}>Rotate secret</button>
              {endpoint.status === 'enabled' && (
                <button type="button" title="Deliver again every event of the last 24 hours whose delivery here failed" onClick={() => act(async () => {
                  const { id } = await api.post(`${path}/recover`, { since: new Date(Date.now() - 86_400_000).toISOString() });
                  for (;;) {
                    const p = await api.get(`${path}/recover/${id}`);
                    if (p.status !== 'running') return `Recovery ${id}: ${p.status}, ${p.found} found, ${p.delivered} delivered again, ${p.failed} failed again.`;
                    await new Promise((r) => setTimeout(r, 1000));
                  }
                })}>Recover 24 h</button>
              )}
              <button type="button" class="danger" onClick={() => { if (confirm(`Delete the endpoint ${endpoint.url}?`)) void act(async () => { await api.del(path); reload(); }); }}>Delete</button>
            </div>
          )}
          {secret && <p class="secret"><code>{secret.secret}</code> <Copy text={secret.secret} /></p>}
          {editing && (
            <EndpointForm
              catalog={catalog}
              submitLabel="Save"
              initial={{ url: endpoint.url, events: endpoint.events, eventMask: '', description: endpoint.description ?? '', format: endpoint.format, guaranteed: endpoint.guaranteed ?? true, ordered: endpoint.ordered }}
              onSubmit={(d) => act(async () => { await api.patch(path, { url: d.url, ...eventsOf(d), description: d.description, format: d.format, guaranteed: d.guaranteed, ordered: d.ordered }); setEditing(false); reload(); return 'Saved.'; })}
            />
          )}
          {!api.readOnly && (
            <form class="row" onSubmit={(e) => { e.preventDefault(); void act(async () => setAnswer(await api.post(`${path}/test`, { type: testType }))); }}>
              <Field label="Test event type">
                <select value={testType} onChange={(e) => setTestType(e.currentTarget.value)}>{catalog.types.map((t) => <option key={t}>{t}</option>)}</select>
              </Field>
              <button type="submit">Send test event</button>
            </form>
          )}
          {answer && (
            <p class="answer">
              {answer.statusCode !== undefined ? <Badge status={answer.statusCode < 300 ? 'delivered' : 'failed'} /> : null} {answer.statusCode ? `HTTP ${answer.statusCode}` : answer.error} in {answer.latencyMs} ms
              {answer.responseExcerpt && <pre>{answer.responseExcerpt}</pre>}
            </p>
          )}
          <EndpointControls api={api} catalog={catalog} endpoint={endpoint} reload={reload} />
          <Message message={message} />
          <EndpointCharts api={api} endpointId={endpoint.id} />
        </div>
      )}
    </li>
  );
}

export function EndpointsTab({ api, catalog }: { api: AppApi; catalog: Catalog }) {
  const { data, error, reload } = useLoad(() => api.get('/endpoints?limit=100'), []);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const [act, message] = useAction();
  return (
    <section>
      {!api.readOnly && <button type="button" onClick={() => setAdding(!adding)}>Add endpoint</button>}
      {adding && (
        <EndpointForm
          catalog={catalog}
          initial={emptyDraft}
          submitLabel="Save"
          onSubmit={(d) => act(async () => {
            const ep = await api.post('/endpoints', { url: d.url, ...eventsOf(d), ...(d.description && { description: d.description }), format: d.format, guaranteed: d.guaranteed, ordered: d.ordered });
            setCreated({ url: ep.url, secret: ep.secret });
            setAdding(false);
            reload();
          })}
        />
      )}
      {created && (
        <div class="notice" role="status">
          <p>The signing secret of {created.url}, shown this once (Reveal secret shows it again):</p>
          <p class="secret"><code>{created.secret}</code> <Copy text={created.secret} /></p>
        </div>
      )}
      <Message message={message} />
      {error && <p class="message bad" role="alert">{error}</p>}
      {data && (data.data.length === 0 ? <p class="muted">No endpoint yet.</p> : (
        <ul class="endpoints">{data.data.map((ep: any) => <EndpointRow key={ep.id} api={api} catalog={catalog} endpoint={ep} reload={reload} />)}</ul>
      ))}
    </section>
  );
}
