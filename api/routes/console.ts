// The console: one plain page at /console (api/console/console.html, no build step) that signs
// in with an app's API key and drives the API from the browser — stats, endpoints, the delivery
// log with replay, the simulator and request bins. Read once at start; the catalog's event types
// are written into it for the simulator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { allEventTypes } from '../../domain/event-catalog';

export const consoleRoutes: FastifyPluginAsync<{ frameAncestors: readonly string[] }> = async (app, { frameAncestors }) => {
  // Framed only by the origins a platform named (portal links inside its dashboard); else never.
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  // `<` escaped: the JSON sits inside a <script> element.
  const page = readFileSync(path.join(__dirname, '..', 'console', 'console.html'), 'utf8').replace(
    '__EVENT_TYPES__',
    JSON.stringify(allEventTypes).replaceAll('<', '\\u003c'),
  );
  app.get('/console', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      // Its own script and styles only; the API it calls is this origin.
      .header('content-security-policy', `default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`)
      .header('cache-control', 'no-store')
      .send(page),
  );
};
