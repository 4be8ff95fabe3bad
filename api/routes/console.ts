// The console (console/: Preact components and uPlot charts, bundled by esbuild into
// .console-build/ by `npm ci`, and again here when a source file is newer than the build). The
// page loads one script and one stylesheet of its own origin: its CSP allows nothing inline.
// It drives the public API from the browser; /console/catalog.json gives it the event types.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { allEventTypes } from '../../domain/event-catalog';
import { EVENT_EXAMPLES } from '../../domain/event-examples';

/** The checkout's root (the folder of package.json), from here or from dist/. */
function rootDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'bin', 'build-console.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`the console's sources are not found above ${__dirname}`);
  }
}

interface ConsoleBuilder {
  buildConsole(): Promise<{ dir: string }>;
  consoleIsStale(): boolean;
  consoleBuildDir: string;
}

/** The built console, built first when missing or older than its sources. */
export async function consoleAssets(): Promise<{ html: string; js: Buffer; css: Buffer }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const builder = require(path.join(rootDir(), 'bin', 'build-console.js')) as ConsoleBuilder;
  if (builder.consoleIsStale()) await builder.buildConsole();
  const dir = builder.consoleBuildDir;
  return { html: readFileSync(path.join(dir, 'index.html'), 'utf8'), js: readFileSync(path.join(dir, 'console.js')), css: readFileSync(path.join(dir, 'console.css')) };
}

export const consoleRoutes: FastifyPluginAsync<{ frameAncestors: readonly string[] }> = async (app, { frameAncestors }) => {
  let assets: Awaited<ReturnType<typeof consoleAssets>>;
  try {
    assets = await consoleAssets();
  } catch (err) {
    // Deliveries and the API matter more than the console: Herald runs on, and says why.
    app.log.error({ err }, 'the console could not be built or read (npm run build:console says why); /console answers 503');
    app.get('/console', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The console is not available: ${(err as Error).message}\nRun \`npm run build:console\` and restart Herald.`),
    );
    return;
  }
  // Framed only by the origins a platform named (portal links inside its dashboard); else never.
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  const csp = `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
  const catalog = JSON.stringify({ types: allEventTypes, examples: EVENT_EXAMPLES });

  app.get('/console', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', csp).header('cache-control', 'no-store').send(assets.html),
  );
  // Named by the build's hash in the page (?v=…): a new build is a new URL.
  const asset = (type: string, body: Buffer) => async (_request: unknown, reply: import('fastify').FastifyReply) =>
    reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body);
  app.get('/console/assets/console.js', { schema: { hide: true } }, asset('text/javascript; charset=utf-8', assets.js));
  app.get('/console/assets/console.css', { schema: { hide: true } }, asset('text/css; charset=utf-8', assets.css));
  app.get('/console/catalog.json', { schema: { hide: true } }, async (_request, reply) => reply.type('application/json').header('cache-control', 'no-cache').send(catalog));
};
