// The delivery log: events newest first; an event's deliveries, its timeline as a picture
// (received → each attempt, with the wait before it → where it ended), and replay.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import { Badge, Message, useAction, useLoad, when } from '../ui';

function Timeline({ received, attempts }: { received: string; attempts: any[] }) {
  const start = Date.parse(received);
  let previous = start;
  return (
    <ol class="timeline" aria-label="Timeline">
      <li><span class="dot" /> received {when(received)}</li>
      {attempts.map((a, i) => {
        const at = Date.parse(a.createdAt);
        const wait = Math.max(0, at - previous);
        previous = at;
        const ok = a.statusCode >= 200 && a.statusCode < 300 && !a.error;
        return (
          <li key={i}>
            <span class={`dot ${ok ? 'ok' : 'bad'}`} />
            {wait >= 1000 && <span class="muted">waited {Math.round(wait / 1000)} s · </span>}
            attempt {a.attempt} to {a.url} · {a.statusCode ? `HTTP ${a.statusCode}` : a.error ?? ''} · {a.latencyMs} ms
          </li>
        );
      })}
    </ol>
  );
}

function EventDetail({ api, eventId, onClose }: { api: AppApi; eventId: string; onClose: () => void }) {
  const { data, error, reload } = useLoad(async () => {
    const [event, attempts] = await Promise.all([api.get(`/events/${encodeURIComponent(eventId)}`), api.get(`/events/${encodeURIComponent(eventId)}/attempts?limit=100`)]);
    return { event, attempts: attempts.data as any[] };
  }, [eventId]);
  const [act, message] = useAction();
  if (error) return <p class="message bad" role="alert">{error}</p>;
  if (!data) return null;
  const { event, attempts } = data;
  const replay = (endpointId?: string) => act(async () => {
    await api.post(`/events/${encodeURIComponent(eventId)}/replay`, endpointId ? { endpointId } : {});
    setTimeout(reload, 1500);
    return 'Replay started: new deliveries appear below as they are made.';
  });
  return (
    <article class="event">
      <div class="row"><h3>{event.type} · {event.id}</h3><Badge status={event.status} /><button type="button" class="small" onClick={onClose}>Close</button></div>
      <pre>{JSON.stringify(event.data, null, 2)}</pre>
      <table>
        <thead><tr><th>Channel</th><th>Target</th><th>Status</th><th>Attempts</th><th /></tr></thead>
        <tbody>
          {event.deliveries.map((d: any, i: number) => (
            <tr key={i}>
              <td>{d.channel}</td><td>{d.target ?? d.endpointId}</td><td><Badge status={d.status} /></td><td>{d.attempts}</td>
              <td>{!api.readOnly && d.channel === 'webhook' && <button type="button" class="small" onClick={() => replay(d.endpointId)}>Replay</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!api.readOnly && <button type="button" onClick={() => replay()}>Replay to all</button>}
      <Message message={message} />
      <Timeline received={event.receivedAt ?? event.occurredAt} attempts={attempts} />
    </article>
  );
}

export function LogTab({ api }: { api: AppApi }) {
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState<string[]>(['']);
  const cursor = pages[pages.length - 1];
  const { data, error } = useLoad(() => api.get(`/events?limit=25${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), [status, cursor]);
  const [open, setOpen] = useState<string>();
  return (
    <section>
      <div class="row">
        <label class="field"><span class="label">Status</span>
          <select value={status} onChange={(e) => { setStatus(e.currentTarget.value); setPages(['']); }}>
            {['', 'completed', 'completed_with_failures', 'failed'].map((s) => <option key={s} value={s}>{s || 'any'}</option>)}
          </select>
        </label>
      </div>
      {open && <EventDetail api={api} eventId={open} onClose={() => setOpen(undefined)} />}
      {error && <p class="message bad" role="alert">{error}</p>}
      {data && (
        <>
          <table>
            <thead><tr><th>Received</th><th>Type</th><th>Event</th><th>Status</th></tr></thead>
            <tbody>
              {data.data.map((e: any) => (
                <tr key={e.id}>
                  <td>{when(e.receivedAt ?? e.occurredAt)}</td><td>{e.type}</td>
                  <td><button type="button" class="link" onClick={() => setOpen(e.id)}>{e.id}</button></td>
                  <td><Badge status={e.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.data.length === 0 && <p class="muted">No events in the log.</p>}
          <div class="row">
            {pages.length > 1 && <button type="button" onClick={() => setPages(pages.slice(0, -1))}>Newer</button>}
            {data.nextCursor && <button type="button" onClick={() => setPages([...pages, data.nextCursor])}>Older</button>}
          </div>
        </>
      )}
    </section>
  );
}
