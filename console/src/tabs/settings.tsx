// The app's settings, each with what it does in one line.
import { useEffect, useState } from 'preact/hooks';
import type { AppApi } from '../api';
import { Field, Message, useAction, useLoad } from '../ui';

export function SettingsTab({ api }: { api: AppApi }) {
  const { data: app, reload } = useLoad(() => api.get(''), []);
  const [form, setForm] = useState<{ offline: string; bounce: string; schedule: string; unknownOnly: boolean; retention: string }>();
  const [act, message] = useAction();
  useEffect(() => {
    if (!app) return;
    const s = app.settings;
    setForm({ offline: String(s.offlineSuppressionSeconds), bounce: String(s.bounceThreshold), schedule: s.retrySchedule.join(', '), unknownOnly: s.smsInbound.unknownOnly, retention: String(s.retentionDays) });
  }, [app]);
  if (!form) return null;
  const save = () => act(async () => {
    const schedule = form.schedule.split(/[\s,]+/).filter(Boolean).map(Number);
    await api.patch('', {
      settings: {
        offlineSuppressionSeconds: Number(form.offline),
        bounceThreshold: Number(form.bounce),
        retrySchedule: schedule,
        retentionDays: Number(form.retention),
        smsInbound: { ...app.settings.smsInbound, unknownOnly: form.unknownOnly },
      },
    });
    reload();
    return 'Saved.';
  });
  return (
    <form class="stack" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <Field label="Offline notice window (seconds)" hint="After a message.offline notice for a user, later ones are held back this long, or until the user comes online.">
        <input type="number" min={0} max={604800} value={form.offline} onInput={(e) => setForm({ ...form, offline: e.currentTarget.value })} disabled={api.readOnly} />
      </Field>
      <Field label="Bounce threshold" hint="Bounces per SMS contact before contact.bounced fires (once).">
        <input type="number" min={1} max={1000} value={form.bounce} onInput={(e) => setForm({ ...form, bounce: e.currentTarget.value })} disabled={api.readOnly} />
      </Field>
      <Field label="Retry schedule (seconds)" hint="The wait before each retry of a failed delivery; its length + 1 attempts in all.">
        <input value={form.schedule} onInput={(e) => setForm({ ...form, schedule: e.currentTarget.value })} disabled={api.readOnly} />
      </Field>
      <Field label="Retention (days)" hint="Events, deliveries and attempts older than this are pruned.">
        <input type="number" min={1} max={3650} value={form.retention} onInput={(e) => setForm({ ...form, retention: e.currentTarget.value })} disabled={api.readOnly} />
      </Field>
      <label class="check">
        <input type="checkbox" checked={form.unknownOnly} onChange={(e) => setForm({ ...form, unknownOnly: e.currentTarget.checked })} disabled={api.readOnly} />
        Unknown messages only: forward inbound SMS only from numbers that are not contacts
      </label>
      {!api.readOnly && <button type="submit">Save</button>}
      <Message message={message} />
    </form>
  );
}
