import { request, Agent } from 'node:http';

export function createCeilingActivities(agent: Agent) {
  return {
    post(url: string, body: string): Promise<number> {
      return postJson(agent, url, body);
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
