// An endpoint's delivery controls in the console: its rate limit, extra headers (names only: their
// values are sealed), OAuth 2.0 client, client certificate, payload filter and transformation,
// each editable; and the transformation tried on a sample (POST …/transformation/test) before it
// is saved. What is left empty in the form is kept as it is; "remove" clears it.
import { useState } from 'preact/hooks';
import type { AppApi } from '../api';
import type { Catalog } from '../catalog';
import { Field, Message, useAction, when } from '../ui';

const EXAMPLE_TRANSFORMATION = `function handler(webhook) {
  // webhook: { method, url, headers, payload, cancel }
  webhook.payload = { text: webhook.payload.type };
  return webhook;
}`;

/** "Name: value" lines as the API's headers object, or what is wrong. */
function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [n, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`headers, line ${n + 1}: write it as Name: value`);
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not JSON: ${(err as Error).message}`);
  }
}

export function ControlsSummary({ endpoint }: { endpoint: any }) {
  const parts = [
    endpoint.rateLimit && `at most ${endpoint.rateLimit}/s`,
    endpoint.headerNames?.length && `headers: ${endpoint.headerNames.join(', ')}`,
    endpoint.auth && `auth: ${endpoint.auth.type} (${endpoint.auth.clientId})`,
    endpoint.tls && `client certificate ${endpoint.tls.subject}${endpoint.tls.caPinned ? ', CA pinned' : ''}, until ${when(endpoint.tls.notAfter)}`,
    endpoint.filter && 'filtered',
    endpoint.transformation && 'transformed',
  ].filter(Boolean);
  return parts.length > 0 ? <p class="muted controls-summary">{parts.join(' · ')}</p> : null;
}

export function EndpointControls({ api, catalog, endpoint, reload }: { api: AppApi; catalog: Catalog; endpoint: any; reload: () => void }) {
  const path = `/endpoints/${endpoint.id}`;
  const [rateLimit, setRateLimit] = useState(endpoint.rateLimit ? String(endpoint.rateLimit) : '');
  const [headers, setHeaders] = useState('');
  const [authType, setAuthType] = useState<string>(endpoint.auth?.type ?? 'none');
  const [auth, setAuth] = useState({ tokenUrl: endpoint.auth?.tokenUrl ?? '', clientId: endpoint.auth?.clientId ?? '', clientSecret: '', scope: endpoint.auth?.scope ?? '' });
  const [tls, setTls] = useState({ certificate: '', privateKey: '', ca: '' });
  const [filter, setFilter] = useState(endpoint.filter ? JSON.stringify(endpoint.filter, null, 2) : '');
  const [transformation, setTransformation] = useState(endpoint.transformation ?? '');
  const [sample, setSample] = useState({ type: endpoint.events.includes('*') ? 'message.created' : (endpoint.events[0] ?? 'message.created'), data: '' });
  const [tried, setTried] = useState<any>();
  const [act, message] = useAction();

  /** Only what the form changes: a field left empty keeps the endpoint's own. */
  function patchOf(): Record<string, unknown> {
    const patch: Record<string, unknown> = {};
    const limit = rateLimit.trim() === '' ? null : Number(rateLimit);
    if (limit !== (endpoint.rateLimit ?? null)) patch.rateLimit = limit;
    if (headers.trim()) patch.headers = parseHeaders(headers);
    if (authType === 'none' && endpoint.auth) patch.auth = null;
    if (authType === 'oauth2' && auth.clientSecret) {
      patch.auth = { type: 'oauth2', tokenUrl: auth.tokenUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, ...(auth.scope && { scope: auth.scope }) };
    }
    if (tls.certificate && tls.privateKey) patch.tls = { certificate: tls.certificate, privateKey: tls.privateKey, ...(tls.ca && { ca: tls.ca }) };
    const givenFilter = filter.trim() ? parseJson('the filter', filter) : null;
    if (JSON.stringify(givenFilter) !== JSON.stringify(endpoint.filter ?? null)) patch.filter = givenFilter;
    const source = transformation.trim() ? transformation : null;
    if (source !== (endpoint.transformation ?? null)) patch.transformation = source;
    return patch;
  }

  const save = () =>
    act(async () => {
      const patch = patchOf();
      if (Object.keys(patch).length === 0) return 'Nothing changed.';
      await api.patch(path, patch);
      setHeaders('');
      setAuth({ ...auth, clientSecret: '' });
      setTls({ certificate: '', privateKey: '', ca: '' });
      reload();
      return `Saved: ${Object.keys(patch).join(', ')}.`;
    });
  const remove = (field: string) => act(async () => { await api.patch(path, { [field]: null }); reload(); return `Removed: ${field}.`; });
  const tryIt = () =>
    act(async () => {
      setTried(undefined);
      const body = { type: sample.type, ...(sample.data.trim() && { data: parseJson('the sample data', sample.data) }), ...(transformation.trim() && { transformation }) };
      setTried(await api.post(`${path}/transformation/test`, body));
    });

  return (
    <details class="controls">
      <summary>Delivery controls</summary>
      <form class="stack" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Field label="Rate limit (deliveries per second)" hint="empty: unlimited; deliveries past it wait their turn, across every worker">
          <input type="number" min={1} max={10000} value={rateLimit} disabled={api.readOnly} onInput={(e) => setRateLimit(e.currentTarget.value)} />
        </Field>
        <Field label="Extra headers" hint={endpoint.headerNames?.length ? `now: ${endpoint.headerNames.join(', ')} (values sealed). Lines given here replace them all.` : 'one per line, Name: value; values are sealed and never shown again'}>
          <textarea rows={2} value={headers} disabled={api.readOnly} placeholder="X-Api-Key: …" onInput={(e) => setHeaders(e.currentTarget.value)} />
        </Field>
        {endpoint.headerNames?.length > 0 && !api.readOnly && <button type="button" onClick={() => remove('headers')}>Remove headers</button>}
        <Field label="Authentication" hint="beside the signature: an OAuth 2.0 bearer token (client credentials), fetched and renewed by Herald">
          <select value={authType} disabled={api.readOnly} onChange={(e) => setAuthType(e.currentTarget.value)}>
            <option value="none">signature only</option>
            <option value="oauth2">oauth2</option>
          </select>
        </Field>
        {authType === 'oauth2' && (
          <div class="row">
            <Field label="Token URL"><input type="url" value={auth.tokenUrl} disabled={api.readOnly} onInput={(e) => setAuth({ ...auth, tokenUrl: e.currentTarget.value })} /></Field>
            <Field label="Client id"><input value={auth.clientId} disabled={api.readOnly} onInput={(e) => setAuth({ ...auth, clientId: e.currentTarget.value })} /></Field>
            <Field label="Client secret" hint={endpoint.auth ? 'sealed; give it to change the client' : ''}><input type="password" value={auth.clientSecret} disabled={api.readOnly} onInput={(e) => setAuth({ ...auth, clientSecret: e.currentTarget.value })} /></Field>
            <Field label="Scope"><input value={auth.scope} disabled={api.readOnly} onInput={(e) => setAuth({ ...auth, scope: e.currentTarget.value })} /></Field>
          </div>
        )}
        <Field label="Client certificate (mutual TLS)" hint={endpoint.tls ? `now: ${endpoint.tls.subject}, until ${when(endpoint.tls.notAfter)}; give a new one to replace it` : 'PEM certificate and key; the key is sealed'}>
          <div class="row">
            <textarea rows={2} aria-label="Certificate" placeholder="-----BEGIN CERTIFICATE-----" value={tls.certificate} disabled={api.readOnly} onInput={(e) => setTls({ ...tls, certificate: e.currentTarget.value })} />
            <textarea rows={2} aria-label="Private key" placeholder="-----BEGIN PRIVATE KEY-----" value={tls.privateKey} disabled={api.readOnly} onInput={(e) => setTls({ ...tls, privateKey: e.currentTarget.value })} />
            <textarea rows={2} aria-label="Receiver's CA (optional, pins it)" placeholder="CA to pin (optional)" value={tls.ca} disabled={api.readOnly} onInput={(e) => setTls({ ...tls, ca: e.currentTarget.value })} />
          </div>
        </Field>
        {endpoint.tls && !api.readOnly && <button type="button" onClick={() => remove('tls')}>Remove certificate</button>}
        <Field label="Payload filter" hint={'JSON over type and data.*: {"data.kind": {"$in": ["image"]}}; empty: every event of its types'}>
          <textarea rows={3} value={filter} disabled={api.readOnly} onInput={(e) => setFilter(e.currentTarget.value)} />
        </Field>
        <Field label="Transformation" hint="JavaScript defining function handler(webhook), run in a sandbox (50 ms, 16 MiB, no I/O) before each delivery">
          <textarea rows={6} class="code" value={transformation} disabled={api.readOnly} placeholder={EXAMPLE_TRANSFORMATION} onInput={(e) => setTransformation(e.currentTarget.value)} />
        </Field>
        <div class="row">
          <Field label="Sample type">
            <select value={sample.type} onChange={(e) => setSample({ ...sample, type: e.currentTarget.value })}>{catalog.types.map((t) => <option key={t}>{t}</option>)}</select>
          </Field>
          <Field label="Sample data (JSON, optional)"><input value={sample.data} onInput={(e) => setSample({ ...sample, data: e.currentTarget.value })} /></Field>
          <button type="button" onClick={() => void tryIt()}>Test transformation</button>
        </div>
        {tried && <pre class="answer" aria-label="What would be sent">{JSON.stringify(tried, null, 2)}</pre>}
        {!api.readOnly && <button type="submit">Save controls</button>}
      </form>
      <Message message={message} />
    </details>
  );
}
