import { request, Agent } from 'node:http';

export function createCeilingActivities(agent: Agent, onDone: (url: string, body: string) => void = () => undefined) {
  return {
    async post(url: string, body: string): Promise<number> {
      const status = await postJson(agent, url, body);
      onDone(url, body);
      return status;
    },
  };
}

export function postJson(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}
