// The simulator: send a type's sample event to one endpoint now and see its answer, or send it as
// a real event through every route.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import type { Catalog } from '../catalog';
import { Field, Message, useAction, useLoad } from '../ui';

export function SimulatorTab({ api, catalog }: { api: AppApi; catalog: Catalog }) {
  const { data } = useLoad(() => api.get('/endpoints?limit=100'), []);
  const [endpointId, setEndpointId] = useState('');
  const [type, setType] = useState('message.created');
  const [answer, setAnswer] = useState<any>();
  const [act, message] = useAction();
  const endpoints: any[] = data?.data ?? [];
  const target = endpointId || endpoints[0]?.id;
  return (
    <section>
      <form class="stack" onSubmit={(e) => { e.preventDefault(); void act(async () => setAnswer(await api.post(`/endpoints/${target}/test`, { type }))); }}>
        <Field label="Endpoint">
          <select value={target} onChange={(e) => setEndpointId(e.currentTarget.value)}>{endpoints.map((ep) => <option key={ep.id} value={ep.id}>{ep.url}</option>)}</select>
        </Field>
        <Field label="Event type">
          <select value={type} onChange={(e) => setType(e.currentTarget.value)}>{catalog.types.map((t) => <option key={t}>{t}</option>)}</select>
        </Field>
        <pre>{JSON.stringify(catalog.examples[type] ?? {}, null, 2)}</pre>
        <div class="row">
          <button type="submit" disabled={!target || api.readOnly}>Send test event</button>
          <button type="button" disabled={api.readOnly} onClick={() => act(async () => { const r = await api.post('/events', { type, data: catalog.examples[type] ?? {} }); return `Sent as event ${r.id}: see it in the delivery log.`; })}>Send as a real event</button>
        </div>
      </form>
      {answer && <p class="answer">{answer.statusCode ? `HTTP ${answer.statusCode}` : answer.error} in {answer.latencyMs} ms{answer.responseExcerpt && <pre>{answer.responseExcerpt}</pre>}</p>}
      <Message message={message} />
    </section>
  );
}
