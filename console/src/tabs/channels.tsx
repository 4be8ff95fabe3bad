// Channels (email, SMS, Slack, Discord, Teams, HTTP; secret fields write-only) and the routes that
// send events to them, with a template previewed on a sample event before it is saved.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import type { Catalog } from '../catalog';
import { Badge, Field, Message, useAction, useLoad } from '../ui';

type Kind = 'email' | 'sms' | 'slack' | 'discord' | 'teams' | 'http';
/** Each type's config fields: [path, label, input type]; secrets are password fields, never shown again. */
const CONFIG: Record<Kind, [string, string, 'text' | 'number' | 'password' | 'url'][]> = {
  email: [['host', 'SMTP host', 'text'], ['port', 'SMTP port', 'number'], ['from', 'From', 'text'], ['auth.user', 'SMTP user', 'text'], ['auth.pass', 'SMTP password', 'password']],
  sms: [['accountSid', 'Account SID', 'text'], ['authToken', 'Auth token', 'password'], ['from', 'From number', 'text'], ['baseUrl', 'API base URL (optional)', 'url']],
  slack: [['url', 'Webhook URL', 'password']],
  discord: [['url', 'Webhook URL', 'password']],
  teams: [['url', 'Webhook URL', 'password']],
  http: [['url', 'URL', 'url']],
};

function configOf(kind: Kind, values: Record<string, string>, secure: boolean) {
  const config: Record<string, any> = {};
  for (const [path] of CONFIG[kind]) {
    const v = values[path];
    if (v === undefined || v === '') continue;
    const [head, tail] = path.split('.');
    if (tail) config[head] = { ...config[head], [tail]: v };
    else config[head] = path === 'port' ? Number(v) : v;
  }
  if (kind === 'email') config.secure = secure;
  return config;
}

function AddChannel({ api, done }: { api: AppApi; done: () => void }) {
  const [kind, setKind] = useState<Kind>('email');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [secure, setSecure] = useState(true);
  const [act, message] = useAction();
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.post('/channels', { type: kind, name, config: configOf(kind, values, secure) }); setValues({}); done(); return 'Channel added.'; }); }}>
      <Field label="Type">
        <select value={kind} onChange={(e) => { setKind(e.currentTarget.value as Kind); setValues({}); }}>{Object.keys(CONFIG).map((k) => <option key={k}>{k}</option>)}</select>
      </Field>
      <Field label="Name"><input value={name} onInput={(e) => setName(e.currentTarget.value)} required /></Field>
      {CONFIG[kind].map(([path, label, type]) => (
        <Field key={path} label={label}><input type={type as 'text'} value={values[path] ?? ''} autocomplete="off" onInput={(e) => setValues({ ...values, [path]: e.currentTarget.value })} /></Field>
      ))}
      {kind === 'email' && <label class="check"><input type="checkbox" checked={secure} onChange={(e) => setSecure(e.currentTarget.checked)} /> TLS from the start (port 465)</label>}
      <button type="submit">Add channel</button>
      <Message message={message} />
    </form>
  );
}

function AddRoute({ api, catalog, channels, done }: { api: AppApi; catalog: Catalog; channels: any[]; done: () => void }) {
  const [channelId, setChannelId] = useState('');
  const [events, setEvents] = useState<string[]>(['message.created']);
  const [to, setTo] = useState('');
  const [template, setTemplate] = useState({ subject: '', text: '{{data.from}}: {{data.body}}', html: '' });
  const [preview, setPreview] = useState<Record<string, string>>();
  const [act, message] = useAction();
  const channel = channels.find((c) => c.id === (channelId || channels[0]?.id));
  const needsTo = channel && (channel.type === 'email' || channel.type === 'sms');
  const fields = { ...(needsTo && to && { to }), ...Object.fromEntries(Object.entries(template).filter(([, v]) => v)) };
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.post('/routes', { events, channelId: channel.id, ...(needsTo && { to }), template: Object.fromEntries(Object.entries(template).filter(([, v]) => v)) }); done(); return 'Route added.'; }); }}>
      <Field label="Channel">
        <select value={channel?.id} onChange={(e) => setChannelId(e.currentTarget.value)}>{channels.map((c) => <option key={c.id} value={c.id}>{c.type} · {c.name}</option>)}</select>
      </Field>
      <Field label="Event types" hint="comma-separated, or *">
        <input value={events.join(', ')} onInput={(e) => setEvents(e.currentTarget.value.split(/[\s,]+/).filter(Boolean))} list="event-types" />
      </Field>
      <datalist id="event-types">{catalog.types.map((t) => <option key={t} value={t} />)}</datalist>
      {needsTo && <Field label="To" hint="a template: {{data.email}}, {{data.phoneNumber}}"><input value={to} onInput={(e) => setTo(e.currentTarget.value)} required /></Field>}
      {channel?.type === 'email' && <Field label="Subject"><input value={template.subject} onInput={(e) => setTemplate({ ...template, subject: e.currentTarget.value })} /></Field>}
      <Field label="Text"><textarea value={template.text} onInput={(e) => setTemplate({ ...template, text: e.currentTarget.value })} /></Field>
      {channel?.type === 'email' && <Field label="HTML"><textarea value={template.html} onInput={(e) => setTemplate({ ...template, html: e.currentTarget.value })} /></Field>}
      <div class="row">
        <button type="button" onClick={() => act(async () => setPreview((await api.post('/template-preview', { type: events.find((t) => t !== '*') ?? 'message.created', template: fields })).rendered))}>Preview</button>
        <button type="submit" disabled={!channel}>Add route</button>
      </div>
      {preview && (
        <dl class="preview" aria-label="Preview">
          {Object.entries(preview).map(([k, v]) => <><dt key={`${k}-t`}>{k}</dt><dd key={`${k}-d`}><pre>{v}</pre></dd></>)}
        </dl>
      )}
      <Message message={message} />
    </form>
  );
}

/** A channel's name and config: its fields shown as they are, its secrets blank (left blank, kept; a new destination needs them again). */
function EditChannel({ api, channel, done }: { api: AppApi; channel: any; done: () => void }) {
  const kind = channel.type as Kind;
  const flat = (path: string) => path.split('.').reduce((o: any, k) => o?.[k], channel.config);
  const [name, setName] = useState(channel.name);
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(CONFIG[kind].map(([path]) => [path, flat(path) === undefined ? '' : String(flat(path))])));
  const [act, message] = useAction();
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.patch(`/channels/${channel.id}`, { name, config: configOf(kind, values, channel.config.secure ?? true) }); done(); return 'Saved.'; }); }}>
      <Field label={`Name of ${channel.name}`}><input value={name} onInput={(e) => setName(e.currentTarget.value)} required /></Field>
      {CONFIG[kind].map(([path, label, type]) => (
        <Field key={path} label={label} hint={type === 'password' ? (channel.secretFields.includes(path.split('.')[0]) ? 'set; leave blank to keep it' : 'not set') : undefined}>
          <input type={type as 'text'} value={values[path]} autocomplete="off" onInput={(e) => setValues({ ...values, [path]: e.currentTarget.value })} />
        </Field>
      ))}
      <button type="submit">Save</button>
      <Message message={message} />
    </form>
  );
}

export function ChannelsTab({ api, catalog }: { api: AppApi; catalog: Catalog }) {
  const { data: channels, reload } = useLoad(() => api.get('/channels'), []);
  const { data: routes, reload: reloadRoutes } = useLoad(() => api.get('/routes'), []);
  const [act, message] = useAction();
  const [editing, setEditing] = useState<string>();
  const list: any[] = channels?.data ?? [];
  return (
    <section>
      <h2>Channels</h2>
      <ul>
        {list.map((c) => (
          <li key={c.id}>
            {c.type} · {c.name} <Badge status={c.status} />{c.statusReason && <span class="muted"> {c.statusReason}</span>}
            {!api.readOnly && <button type="button" class="small" onClick={() => setEditing(editing === c.id ? undefined : c.id)}>Edit</button>}
            {!api.readOnly && <button type="button" class="small danger" onClick={() => { if (confirm(`Delete ${c.name} and its routes?`)) void act(async () => { await api.del(`/channels/${c.id}`); reload(); reloadRoutes(); }); }}>Delete</button>}
            {editing === c.id && <EditChannel api={api} channel={c} done={() => { setEditing(undefined); reload(); }} />}
          </li>
        ))}
      </ul>
      {!api.readOnly && <AddChannel api={api} done={reload} />}
      <h2>Routes</h2>
      <ul>
        {(routes?.data ?? []).map((r: any) => (
          <li key={r.id}>
            {r.events.join(', ')} → {list.find((c) => c.id === r.channelId)?.name ?? r.channelId}{r.to ? ` (to ${r.to})` : ''}
            {!api.readOnly && <button type="button" class="small danger" onClick={() => act(async () => { await api.del(`/routes/${r.id}`); reloadRoutes(); })}>Delete</button>}
          </li>
        ))}
      </ul>
      {!api.readOnly && list.length > 0 && <AddRoute api={api} catalog={catalog} channels={list} done={reloadRoutes} />}
      <Message message={message} />
    </section>
  );
}
