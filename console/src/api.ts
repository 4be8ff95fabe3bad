// How the console reaches Herald's API, from this origin: with an app's key or the admin token
// (kept in this tab only), or with a portal link's session cookie (no key in the page at all;
// changes carry the console's header, api/auth.ts).
export type Session =
  | { kind: 'key'; key: string; appId: string; name: string; admin: boolean }
  | { kind: 'portal'; appId: string; name: string; readOnly: boolean };

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly details: { path: string; message: string }[] = []) {
    super(message);
  }
}

const STORE = 'herald.console';

export function storedSession(): Session | undefined {
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}
export function storeSession(session: Session | undefined): void {
  if (session?.kind === 'key') sessionStorage.setItem(STORE, JSON.stringify(session));
  else sessionStorage.removeItem(STORE);
}

export async function call<T = any>(auth: { key?: string } | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = auth?.key ? { authorization: `Bearer ${auth.key}` } : { 'x-herald-console': '1' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) throw new ApiError(res.status, json?.error?.message ?? `HTTP ${res.status}`, json?.error?.details ?? []);
  return json as T;
}

/** The calls of one signed-in app. */
export function appApi(session: Session) {
  const auth = session.kind === 'key' ? { key: session.key } : undefined;
  const base = `/v1/apps/${encodeURIComponent(session.appId)}`;
  return {
    get: <T = any>(path: string) => call<T>(auth, 'GET', base + path),
    post: <T = any>(path: string, body: unknown = {}) => call<T>(auth, 'POST', base + path, body),
    patch: <T = any>(path: string, body: unknown) => call<T>(auth, 'PATCH', base + path, body),
    del: (path: string) => call(auth, 'DELETE', base + path),
    readOnly: session.kind === 'portal' && session.readOnly,
  };
}
export type AppApi = ReturnType<typeof appApi>;
