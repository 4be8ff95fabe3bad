// Herald's console: an app's operators (or a platform's customer, through a portal link) see and
// change what Herald does for their app. It calls the same API as everything else, from this
// origin (api.ts). Tabs in ./tabs.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, appApi, call, storeSession, storedSession, type Session } from './api';
import { Field, Message, useAction } from './ui';
import { StatsTab } from './tabs/stats';
import { EndpointsTab } from './tabs/endpoints';
import { LogTab } from './tabs/log';
import { SimulatorTab } from './tabs/simulator';
import { BinsTab } from './tabs/bins';
import { SettingsTab } from './tabs/settings';
import { PushTab } from './tabs/push';
import { ChannelsTab } from './tabs/channels';
import { loadCatalog, type Catalog } from './catalog';

const TABS = [
  ['stats', 'Stats'],
  ['endpoints', 'Endpoints'],
  ['push', 'Push'],
  ['channels', 'Channels'],
  ['settings', 'Settings'],
  ['log', 'Delivery log'],
  ['simulator', 'Simulator'],
  ['bins', 'Request bins'],
] as const;
type Tab = (typeof TABS)[number][0];

function SignIn({ onSession }: { onSession: (s: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [apps, setApps] = useState<{ id: string; name: string }[]>();
  const [newName, setNewName] = useState('');
  const [act, message] = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const app = await call({ key }, 'GET', '/v1/app');
      onSession({ kind: 'key', key, appId: app.id, name: app.name, admin: false });
    } catch (err) {
      // The admin token belongs to no app: it may open any, so it picks one (or makes one).
      if (err instanceof ApiError && err.status === 400) return listApps();
      setError(err instanceof ApiError && err.status === 401 ? 'That key is not valid.' : (err as Error).message);
    }
  };
  const listApps = async () => {
    const all: { id: string; name: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await call({ key }, 'GET', `/v1/apps?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      all.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor && all.length < 1000);
    setApps(all);
  };
  const open = (app: { id: string; name: string }) => onSession({ kind: 'key', key, appId: app.id, name: app.name, admin: true });

  return (
    <main class="signin">
      <h1>Herald</h1>
      {!apps ? (
        <form onSubmit={submit}>
          <Field label="API key or admin token">
            <input type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
          </Field>
          <button type="submit">Sign in</button>
          {error && <p class="message bad" role="alert">{error}</p>}
          <p class="hint">The key stays in this browser tab only.</p>
        </form>
      ) : (
        <section>
          <h2>Apps</h2>
          {apps.length === 0 ? <p class="muted">There is no app yet.</p> : (
            <ul class="apps">
              {apps.map((a) => (
                <li key={a.id}>
                  <button type="button" class="link" onClick={() => open(a)}>{a.name}</button> <span class="muted">{a.id}</span>
                </li>
              ))}
            </ul>
          )}
          <form onSubmit={(e) => { e.preventDefault(); void act(async () => open(await call({ key }, 'POST', '/v1/apps', { name: newName }))); }}>
            <Field label="Name"><input value={newName} onInput={(e) => setNewName(e.currentTarget.value)} required maxLength={200} /></Field>
            <button type="submit">Create app</button>
          </form>
          <Message message={message} />
        </section>
      )}
    </main>
  );
}

function Console({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [tab, setTab] = useState<Tab>('stats');
  const [catalog, setCatalog] = useState<Catalog>();
  const api = appApi(session);
  useEffect(() => void loadCatalog().then(setCatalog, () => undefined), []);
  return (
    <div class="console">
      <header>
        <strong>Herald</strong>
        <span class="app-name">{session.name} · {session.appId}</span>
        {session.kind === 'portal' && session.readOnly && <span class="badge warn">read-only</span>}
        <button type="button" class="small" onClick={onSignOut}>Sign out</button>
      </header>
      <nav role="tablist" aria-label="Console sections">
        {TABS.map(([id, label]) => (
          <button type="button" role="tab" aria-selected={tab === id} key={id} onClick={() => setTab(id)}>{label}</button>
        ))}
      </nav>
      <div role="tabpanel" class="panel" aria-label={TABS.find(([id]) => id === tab)![1]}>
        {catalog && (
          <>
            {tab === 'stats' && <StatsTab api={api} />}
            {tab === 'endpoints' && <EndpointsTab api={api} catalog={catalog} />}
            {tab === 'push' && <PushTab api={api} catalog={catalog} />}
            {tab === 'channels' && <ChannelsTab api={api} catalog={catalog} />}
            {tab === 'settings' && <SettingsTab api={api} />}
            {tab === 'log' && <LogTab api={api} />}
            {tab === 'simulator' && <SimulatorTab api={api} catalog={catalog} />}
            {tab === 'bins' && <BinsTab api={api} />}
          </>
        )}
      </div>
    </div>
  );
}

function App() {
  const [session, setSession] = useState<Session | undefined>(storedSession());
  const [checked, setChecked] = useState(session !== undefined);
  // Opened by a portal link: the session cookie signs in, with no key in this page.
  useEffect(() => {
    if (session) return;
    call(undefined, 'GET', '/v1/app').then(
      (app) => {
        if (app.portal) setSession({ kind: 'portal', appId: app.id, name: app.name, readOnly: app.portal.readOnly });
        setChecked(true);
      },
      () => setChecked(true),
    );
  }, []);
  const choose = (s: Session | undefined) => {
    // A portal session lives in its cookie: signing out ends it on the server.
    if (!s && session?.kind === 'portal') void call(undefined, 'POST', '/console/portal/sign-out', {}).catch(() => undefined);
    storeSession(s);
    setSession(s);
  };
  if (!checked) return null;
  return session ? <Console session={session} onSignOut={() => choose(undefined)} /> : <SignIn onSession={choose} />;
}

render(<App />, document.getElementById('root')!);
