// The delivery log: events newest first; an event's deliveries, its timeline as a picture
// (received → each attempt, with the wait before it → where it ended), and replay.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import { Badge, Field, Message, useAction, useLoad, when } from '../ui';

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
        // Held, skipped or cancelled by the user's policy: not a failure.
        const decided = ['held', 'skipped', 'cancelled'].includes(a.outcome);
        return (
          <li key={i}>
            <span class={`dot ${ok ? 'ok' : decided ? '' : 'bad'}`} />
            {wait >= 1000 && <span class="muted">waited {Math.round(wait / 1000)} s · </span>}
            attempt {a.attempt} to {a.url} · {a.statusCode ? `HTTP ${a.statusCode}` : a.error ?? ''} · {a.latencyMs} ms
          </li>
        );
      })}
    </ol>
  );
}

function EventDetail({ api, eventId, onClose, onChanged }: { api: AppApi; eventId: string; onClose: () => void; onChanged: () => void }) {
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
    setTimeout(() => {
      reload();
      onChanged();
    }, 1500);
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
              <td>{d.channel}{d.replayId ? ' (replay)' : ''}</td><td>{d.target ?? d.endpointId}</td><td><Badge status={d.status} />{d.reason && <div class="muted">{d.reason}</div>}</td><td>{d.attempts}</td>
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

/** A user's addresses, what the user muted, quiet hours, and the sends the user's workflow holds. */
function UserPolicy({ user }: { user: any }) {
  const p = user.preferences ?? {};
  const muted = [
    ...Object.entries(p.channels ?? {}).filter(([, on]) => on === false).map(([kind]) => kind),
    ...Object.entries(p.events ?? {}).flatMap(([type, kinds]: [string, any]) => Object.entries(kinds).filter(([, on]) => on === false).map(([kind]) => `${kind} for ${type}`)),
  ];
  const addresses = [user.email, user.phoneNumber].filter(Boolean).join(', ');
  return (
    <div aria-label="Notification policy">
      <p>{addresses || 'No address.'}{user.timeZone ? ` · ${user.timeZone}` : ''}{user.locale ? ` · ${user.locale}` : ''}</p>
      <p>{muted.length ? `Muted: ${muted.join(', ')}.` : 'Nothing muted.'}{p.quietHours ? ` Quiet hours ${p.quietHours.start}–${p.quietHours.end}${p.quietHours.timeZone ? ` ${p.quietHours.timeZone}` : ''}.` : ''}</p>
      {(user.heldSends ?? []).length > 0 && (
        <ul>
          {user.heldSends.map((h: any) => (
            <li key={`${h.routeId}-${h.dueAt}`}>{h.eventIds.length} send{h.eventIds.length === 1 ? '' : 's'} of route {h.routeId} held for {h.waitingFor} until {when(h.dueAt)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Look-ups: a user (presence, the offline window, devices), an SMS contact, an event by its id. */
function LookUp({ api, openEvent }: { api: AppApi; openEvent: (id: string) => void }) {
  const [kind, setKind] = useState<'user' | 'contact' | 'event'>('user');
  const [id, setId] = useState('');
  const [found, setFound] = useState<any>();
  const [act, message] = useAction();
  const look = () => act(async () => {
    setFound(undefined);
    const key = encodeURIComponent(id.trim());
    if (kind === 'event') return openEvent(id.trim());
    if (kind === 'contact') return setFound({ contact: await api.get(`/contacts/${key}`) });
    // A user Herald knows only by events has no profile: its view is then the bare one, or none.
    const [presence, devices, profile] = await Promise.all([api.get(`/users/${key}/presence`), api.get(`/users/${key}/devices`), api.get(`/users/${key}`).catch(() => undefined)]);
    setFound({ presence, devices: devices.data, profile });
  });
  return (
    <form class="row" onSubmit={(e) => { e.preventDefault(); void look(); }}>
      <Field label="Look up">
        <select value={kind} onChange={(e) => setKind(e.currentTarget.value as 'user' | 'contact' | 'event')}><option value="user">a user</option><option value="contact">a contact</option><option value="event">an event</option></select>
      </Field>
      <Field label="Id"><input value={id} onInput={(e) => setId(e.currentTarget.value)} required /></Field>
      <button type="submit">Look up</button>
      <Message message={message} />
      {found?.presence && (
        <div class="found" aria-label="User">
          <p>{found.presence.userId}: <Badge status={found.presence.presence} /> treated as {found.presence.treatedAs}{found.presence.lastSeenAt ? `, last seen ${when(found.presence.lastSeenAt)}` : ''}{found.presence.suppressingNoticesUntil ? `; offline notices held back until ${when(found.presence.suppressingNoticesUntil)} (${found.presence.heldBack} so far)` : ''}</p>
          <p>{found.devices.length === 0 ? 'No device.' : found.devices.map((d: any) => `${d.platform}${d.environment ? ` ${d.environment}` : ''} …${String(d.token).slice(-8)}`).join(', ')}</p>
          {found.profile && <UserPolicy user={found.profile} />}
        </div>
      )}
      {found?.contact && (
        <div class="found" aria-label="Contact">
          <p>{found.contact.contactId}{found.contact.phoneNumber ? ` (${found.contact.phoneNumber})` : ''}: {found.contact.bounces} bounces{found.contact.bounced ? ', bounced' : ''}{found.contact.unsubscribed ? ', unsubscribed' : ''}, status {found.contact.status}</p>
        </div>
      )}
    </form>
  );
}

export function LogTab({ api }: { api: AppApi }) {
  const [status, setStatus] = useState('');
  const [pages, setPages] = useState<string[]>(['']);
  const cursor = pages[pages.length - 1];
  const { data, error, reload } = useLoad(() => api.get(`/events?limit=25${status ? `&status=${status}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), [status, cursor]);
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
      <LookUp api={api} openEvent={setOpen} />
      {open && <EventDetail key={open} api={api} eventId={open} onClose={() => setOpen(undefined)} onChanged={reload} />}
      {error && <p class="message bad" role="alert">{error}</p>}
      {data && (
        <>
          <table class="events">
            <thead><tr><th>Received</th><th>Type</th><th>Event</th><th>Status</th></tr></thead>
            <tbody>
              {data.data.map((e: any) => (
                <tr key={e.id}>
                  <td>{when(e.receivedAt ?? e.occurredAt)}</td><td>{breakableAtDots(e.type)}</td>
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

/** An event type that may wrap after its dots (`message.` / `created`), never inside a word. */
function breakableAtDots(type: string) {
  return type.split('.').map((part, i) => (i === 0 ? part : [<wbr />, `.${part}`]));
}
