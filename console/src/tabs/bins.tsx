// Request bins: a URL on Herald that records what reaches it, for a day; point an endpoint at it
// to see exactly what Herald sends.
import type { AppApi } from '../api';
import { Copy, Message, useAction, useLoad, when } from '../ui';

function Bin({ api, bin }: { api: AppApi; bin: any }) {
  const { data, reload } = useLoad(() => api.get(`/bins/${bin.id}/requests`), [bin.id]);
  const requests: any[] = data?.data ?? [];
  return (
    <article class="bin">
      <p><code>{bin.url}</code> <Copy text={bin.url} /> <span class="muted">until {when(bin.expiresAt)}</span> <button type="button" class="small" onClick={reload}>Refresh</button></p>
      {requests.length === 0 ? <p class="muted">No requests yet.</p> : requests.map((r, i) => (
        <details key={i}>
          <summary>{when(r.receivedAt)} · {r.method} {r.path}</summary>
          <pre>{Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
          <pre>{r.body}{r.truncated ? '\n… (cut)' : ''}</pre>
        </details>
      ))}
    </article>
  );
}

export function BinsTab({ api }: { api: AppApi }) {
  const { data, reload } = useLoad(() => api.get('/bins'), []);
  const [act, message] = useAction();
  return (
    <section>
      {!api.readOnly && <button type="button" onClick={() => act(async () => { await api.post('/bins'); reload(); })}>Make a bin</button>}
      <Message message={message} />
      {(data?.data ?? []).length === 0 ? <p class="muted">No live bins: make one, and point an endpoint at its URL.</p> : data.data.map((b: any) => <Bin key={b.id} api={api} bin={b} />)}
    </section>
  );
}
