// The loopback peers other tests lean on, checked with plain clients (undici, as Herald uses): a
// CONNECT proxy that tunnels and refuses, an OAuth client-credentials token endpoint with a bearer
// receiver, and an HTTPS receiver that requires a client certificate. If these lie, tests built
// on them prove nothing.
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { startConnectProxy } from '../support/connect-proxy';
import { freePort } from '../support/free-port';
import { startMtlsReceiver } from '../support/mtls-receiver';
import { bearerReceiver, startOAuthServer } from '../support/oauth-server';
import { startReceiver } from '../support/receiver';

// Everything started in a test is closed after it, even when it fails.
let cleanups: (() => Promise<unknown>)[] = [];
const later = <T extends { close(): Promise<unknown> }>(thing: T): T => {
  cleanups.push(() => thing.close());
  return thing;
};
afterEach(async () => {
  const current = cleanups.reverse();
  cleanups = [];
  for (const c of current) await c();
});

const post = async (url: string, dispatcher: Dispatcher, body = '{"hello":"world"}', headers: Record<string, string> = {}) => {
  const res = await request(url, { method: 'POST', dispatcher, body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
};
const hostPort = (url: string) => new URL(url).host;

describe('connect proxy', () => {
  it('tunnels to the target and records the CONNECT', async () => {
    const receiver = later(await startReceiver());
    const proxy = later(await startConnectProxy());
    const agent = later(new ProxyAgent(proxy.url));
    const res = await post(receiver.url, agent);
    expect(res).toMatchObject({ status: 200, text: 'ok' });
    expect(proxy.connects).toEqual([hostPort(receiver.url)]);
    expect(receiver.requests[0]).toMatchObject({ path: '/hook', body: '{"hello":"world"}' });
  });

  it('answers 403 to a refused target, and the request fails without reaching it', async () => {
    const receiver = later(await startReceiver());
    const proxy = later(await startConnectProxy({ refuse: (target) => target === hostPort(receiver.url) }));
    const agent = later(new ProxyAgent(proxy.url));
    await expect(post(receiver.url, agent)).rejects.toThrow(/403/);
    expect(proxy.connects).toEqual([hostPort(receiver.url)]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('answers 502 when the target cannot be reached', async () => {
    const proxy = later(await startConnectProxy());
    const agent = later(new ProxyAgent(proxy.url));
    const closed = `127.0.0.1:${await freePort()}`;
    await expect(post(`http://${closed}/hook`, agent)).rejects.toThrow(/502/);
    expect(proxy.connects).toEqual([closed]);
  });

  it('records a plain absolute-form request and answers it 400', async () => {
    const receiver = later(await startReceiver());
    const proxy = later(await startConnectProxy());
    const agent = later(new ProxyAgent({ uri: proxy.url, proxyTunnel: false }));
    const res = await post(receiver.url, agent);
    expect(res.status).toBe(400);
    expect(proxy.plainRequests).toEqual([`POST ${receiver.url}`]);
    expect(proxy.connects).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('carries TLS end to end through the tunnel', async () => {
    const receiver = later(await startMtlsReceiver());
    const client = receiver.issueClient('herald-via-proxy');
    const proxy = later(await startConnectProxy());
    const agent = later(new ProxyAgent({ uri: proxy.url, requestTls: { ca: receiver.serverCa, cert: client.certificate, key: client.privateKey } }));
    expect(await post(receiver.url, agent)).toMatchObject({ status: 200, text: 'ok' });
    expect(proxy.connects).toEqual([hostPort(receiver.url)]);
    expect(receiver.requests[0].clientCn).toBe('herald-via-proxy');
  });
});

describe('oauth server', () => {
  // Characters that form-urlencoding changes, so a client that skips it (RFC 6749 §2.3.1) fails.
  const clientId = 'herald client:1';
  const clientSecret = 's3cr%t/+&=';
  const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
  const form = 'application/x-www-form-urlencoded';
  const tokenRequest = async (url: string, body: Record<string, string>, headers: Record<string, string> = {}) => {
    const res = await request(url, { method: 'POST', body: new URLSearchParams(body).toString(), headers: { 'content-type': form, ...headers } });
    return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as Record<string, unknown> };
  };

  it('issues a token to a client authenticating by HTTP Basic', async () => {
    const oauth = later(await startOAuthServer({ clientId, clientSecret }));
    const res = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials', scope: 'hooks:write' }, { authorization: basic(clientId, clientSecret) });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600, scope: 'hooks:write' });
    expect(oauth.issued).toEqual([{ token: res.json.access_token, scope: 'hooks:write', auth: 'basic', at: expect.any(Number) }]);
    expect(oauth.isValid(res.json.access_token as string)).toBe(true);
  });

  it('issues a token to a client authenticating in the body, with its lifetime', async () => {
    const oauth = later(await startOAuthServer({ clientId, clientSecret, expiresIn: 60 }));
    const res = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 60 });
    expect(oauth.issued[0]).toMatchObject({ auth: 'post' });
    expect(oauth.issued[0].scope).toBeUndefined();
  });

  it('refuses a wrong secret (401 invalid_client), an unencoded Basic secret, and another grant (400)', async () => {
    const oauth = later(await startOAuthServer({ clientId, clientSecret }));
    const wrong = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials' }, { authorization: basic(clientId, 'nope') });
    expect(wrong).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
    const wrongPost = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials', client_id: clientId, client_secret: 'nope' });
    expect(wrongPost).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    const unencoded = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    expect(await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials' }, { authorization: unencoded })).toMatchObject({ status: 401 });
    const grant = await tokenRequest(oauth.tokenUrl, { grant_type: 'password', username: 'u', password: 'p' }, { authorization: basic(clientId, clientSecret) });
    expect(grant).toMatchObject({ status: 400, json: { error: 'unsupported_grant_type' } });
    expect(oauth.issued).toHaveLength(0);
    expect(oauth.refused).toEqual(['invalid_client', 'invalid_client', 'invalid_client', 'unsupported_grant_type']);
  });

  it('backs a bearer receiver: a valid token passes, none or a revoked one gets 401', async () => {
    const oauth = later(await startOAuthServer({ clientId, clientSecret }));
    const receiver = later(await startReceiver(bearerReceiver(oauth)));
    const agent = later(new Agent());
    const { json } = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const bearer = { authorization: `Bearer ${String(json.access_token)}` };

    expect(await post(receiver.url, agent, '{}', bearer)).toMatchObject({ status: 200 });
    const none = await post(receiver.url, agent);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    oauth.revokeAll();
    const revoked = await post(receiver.url, agent, '{}', bearer);
    expect(revoked.status).toBe(401);
    expect(revoked.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);

    const fresh = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials' }, { authorization: basic(clientId, clientSecret) });
    expect(await post(receiver.url, agent, '{}', { authorization: `Bearer ${String(fresh.json.access_token)}` })).toMatchObject({ status: 200 });
  });

  it('lets tokens expire', async () => {
    const oauth = later(await startOAuthServer({ clientId, clientSecret, expiresIn: 0 }));
    const { json } = await tokenRequest(oauth.tokenUrl, { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    expect(oauth.isValid(json.access_token as string)).toBe(false);
  });
});

describe('mTLS receiver', () => {
  it('accepts a client certificate from its CA and records the CN', async () => {
    const receiver = later(await startMtlsReceiver());
    expect(receiver.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/hook$/);
    const client = receiver.issueClient('herald-worker');
    const agent = later(new Agent({ connect: { ca: receiver.serverCa, cert: client.certificate, key: client.privateKey } }));
    expect(await post(receiver.url, agent)).toMatchObject({ status: 200, text: 'ok' });
    const [received] = await receiver.waitFor(1, 5_000);
    expect(received).toMatchObject({ path: '/hook', body: '{"hello":"world"}', clientCn: 'herald-worker' });
    expect(receiver.handshakeFailures).toBe(0);
  });

  it('refuses a client without a certificate, or with one from another CA', async () => {
    const receiver = later(await startMtlsReceiver());
    const stranger = later(await startMtlsReceiver()).issueClient('stranger');
    const bare = later(new Agent({ connect: { ca: receiver.serverCa } }));
    await expect(post(receiver.url, bare)).rejects.toThrow();
    const foreign = later(new Agent({ connect: { ca: receiver.serverCa, cert: stranger.certificate, key: stranger.privateKey } }));
    await expect(post(receiver.url, foreign)).rejects.toThrow();
    // The client may see the alert before the server has counted its side of it.
    const deadline = Date.now() + 5_000;
    while (receiver.handshakeFailures < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(receiver.handshakeFailures).toBe(2);
    expect(receiver.requests).toHaveLength(0);
  });

  it('is refused by a client that does not trust its CA', async () => {
    const receiver = later(await startMtlsReceiver());
    const client = receiver.issueClient('herald-worker');
    const agent = later(new Agent({ connect: { cert: client.certificate, key: client.privateKey } }));
    await expect(post(receiver.url, agent)).rejects.toThrow(/self-signed|unable to (get|verify)/i);
    expect(receiver.requests).toHaveLength(0);
  });
});
