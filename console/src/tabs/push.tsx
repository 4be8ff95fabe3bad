// Push credentials (APNs keys, FCM service accounts, picked from disk), their status and expiry,
// one active per platform and environment; and the app's push settings.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import type { Catalog } from '../catalog';
import { Badge, Field, Message, useAction, useLoad } from '../ui';
import { EventPicker } from './endpoints';

const readFile = (input: HTMLInputElement) => new Promise<string>((resolve, reject) => {
  const file = input.files?.[0];
  if (!file) return reject(new Error('pick a file'));
  file.text().then(resolve, reject);
});

function Upload({ api, done }: { api: AppApi; done: () => void }) {
  const [platform, setPlatform] = useState<'apns' | 'fcm'>('apns');
  const [f, setF] = useState({ name: '', keyId: '', teamId: '', topic: '', environment: 'production' });
  const [act, message] = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    void act(async () => {
      const file = form.querySelector<HTMLInputElement>('input[type=file]')!;
      const text = await readFile(file);
      const body = platform === 'apns'
        ? { platform, name: f.name, environment: f.environment, keyId: f.keyId, teamId: f.teamId, topic: f.topic, privateKey: text }
        : { platform, name: f.name, serviceAccount: JSON.parse(text) };
      await api.post('/push-credentials', body);
      form.reset();
      done();
      return 'Uploaded.';
    });
  };
  return (
    <form class="stack" onSubmit={submit}>
      <Field label="Platform">
        <select value={platform} onChange={(e) => setPlatform(e.currentTarget.value as 'apns' | 'fcm')}><option value="apns">APNs</option><option value="fcm">FCM</option></select>
      </Field>
      <Field label="Name"><input value={f.name} onInput={(e) => setF({ ...f, name: e.currentTarget.value })} required /></Field>
      {platform === 'apns' ? (
        <>
          <Field label="Key ID"><input value={f.keyId} onInput={(e) => setF({ ...f, keyId: e.currentTarget.value })} required /></Field>
          <Field label="Team ID"><input value={f.teamId} onInput={(e) => setF({ ...f, teamId: e.currentTarget.value })} required /></Field>
          <Field label="Topic" hint="the app's bundle id"><input value={f.topic} onInput={(e) => setF({ ...f, topic: e.currentTarget.value })} required /></Field>
          <Field label="Environment">
            <select value={f.environment} onChange={(e) => setF({ ...f, environment: e.currentTarget.value })}><option value="production">production</option><option value="sandbox">sandbox</option></select>
          </Field>
          <Field label="Private key (.p8)"><input type="file" accept=".p8,.pem,text/plain" required /></Field>
        </>
      ) : (
        <Field label="Service account (JSON)"><input type="file" accept=".json,application/json" required /></Field>
      )}
      <button type="submit">Upload credential</button>
      <Message message={message} />
    </form>
  );
}

export function PushTab({ api, catalog }: { api: AppApi; catalog: Catalog }) {
  const { data, reload } = useLoad(() => api.get('/push-credentials'), []);
  const { data: app, reload: reloadApp } = useLoad(() => api.get(''), []);
  const [act, message] = useAction();
  const push = app?.settings.push;
  const setPush = (patch: object) => act(async () => { await api.patch('', { settings: { push: { ...push, ...patch } } }); reloadApp(); return 'Saved.'; });
  return (
    <section>
      <h2>Credentials</h2>
      <table>
        <thead><tr><th>Name</th><th>Platform</th><th>Environment</th><th>Status</th><th>Expiry</th><th /></tr></thead>
        <tbody>
          {(data?.data ?? []).map((c: any) => (
            <tr key={c.id}>
              <td>{c.name}</td><td>{c.platform}</td><td>{c.environment ?? ''}</td>
              <td><Badge status={c.active ? 'active' : 'inactive'} /> <Badge status={c.status} /></td>
              <td>{c.daysToExpiry !== undefined ? <span class={c.daysToExpiry < 30 ? 'warn-text' : ''}>{c.daysToExpiry} days{c.daysToExpiry < 30 ? ' — renew it soon' : ''}</span> : ''}</td>
              <td>
                {!api.readOnly && !c.active && <button type="button" class="small" onClick={() => act(async () => { await api.patch(`/push-credentials/${c.id}`, { active: true }); reload(); })}>Activate</button>}
                {!api.readOnly && <button type="button" class="small danger" onClick={() => { if (confirm(`Remove ${c.name}?`)) void act(async () => { await api.del(`/push-credentials/${c.id}`); reload(); }); }}>Remove</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!api.readOnly && <Upload api={api} done={reload} />}
      {push && (
        <>
          <h2>Push settings</h2>
          <label class="check"><input type="checkbox" checked={push.enabled} disabled={api.readOnly} onChange={(e) => setPush({ enabled: e.currentTarget.checked })} /> Push notifications on</label>
          <label class="check"><input type="checkbox" checked={push.visible} disabled={api.readOnly} onChange={(e) => setPush({ visible: e.currentTarget.checked })} /> Visible notifications (off: background pushes the app wakes to)</label>
          <label class="check"><input type="checkbox" checked={push.includeContent} disabled={api.readOnly} onChange={(e) => setPush({ includeContent: e.currentTarget.checked })} /> Include the message's text</label>
          <EventPicker catalog={catalog} value={push.events} onChange={(events) => setPush({ events })} legend="Events that push" allowAll={false} labelOf={(t) => `push ${t}`} disabled={api.readOnly} />
        </>
      )}
      {push?.visible && <Templates api={api} push={push} saved={reloadApp} />}
      <Message message={message} />
    </section>
  );
}

/** The visible push's title and body per event type, templates over the event, previewed on its sample. */
function Templates({ api, push, saved }: { api: AppApi; push: any; saved: () => void }) {
  const [templates, setTemplates] = useState<Record<string, { title?: string; body?: string }>>(push.templates ?? {});
  const [previews, setPreviews] = useState<Record<string, Record<string, string>>>({});
  const [act, message] = useAction();
  const set = (type: string, field: 'title' | 'body', value: string) => setTemplates({ ...templates, [type]: { ...templates[type], [field]: value } });
  const cleaned = () => Object.fromEntries(Object.entries(templates).map(([t, v]) => [t, Object.fromEntries(Object.entries(v).filter(([, x]) => x))]).filter(([, v]) => Object.keys(v).length > 0));
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api.patch('', { settings: { push: { ...push, templates: cleaned() } } }); saved(); return 'Templates saved.'; }); }}>
      <h3>Templates</h3>
      <p class="hint">What a visible push says for each event type: templates over the event ({'{{data.from}}'}).</p>
      {push.events.map((type: string) => (
        <fieldset key={type}>
          <legend><code>{type}</code></legend>
          <Field label={`Title for ${type}`}><input value={templates[type]?.title ?? ''} disabled={api.readOnly} onInput={(e) => set(type, 'title', e.currentTarget.value)} /></Field>
          <Field label={`Body for ${type}`}><input value={templates[type]?.body ?? ''} disabled={api.readOnly} onInput={(e) => set(type, 'body', e.currentTarget.value)} /></Field>
          {!api.readOnly && <button type="button" class="small" onClick={() => act(async () => {
            const fields = Object.fromEntries(Object.entries(templates[type] ?? {}).filter(([, x]) => x));
            if (Object.keys(fields).length === 0) return 'Nothing to preview: write a title or a body.';
            const { rendered } = await api.post('/template-preview', { type, template: fields });
            setPreviews({ ...previews, [type]: rendered });
          })}>Preview {type}</button>}
          {previews[type] && <p class="preview" aria-label={`Preview of ${type}`}><strong>{previews[type].title}</strong> {previews[type].body}</p>}
        </fieldset>
      ))}
      {!api.readOnly && <button type="submit">Save templates</button>}
      <Message message={message} />
    </form>
  );
}
