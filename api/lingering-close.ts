// A body over the limit gets its 413, and the client gets to read it; an answer given before the
// body was read (a 401 from the token check) closes the connection after it.
//
// Fastify refuses such a body from its content-length without reading it, answers 413 with
// `connection: close`, and Node then ends the socket as soon as the answer is flushed. The client
// is still uploading: its next bytes meet a closed socket, the kernel answers with a reset, and a
// reset discards what the client had not read yet — the 413. Node's fetch (undici) then reports
// EPIPE, and a client that sees a connection error sends the same 10 MB again. So, as nginx does
// (its "lingering close"), Herald keeps reading and discarding the rest of the body, up to
// LINGER_MAX_BYTES or LINGER_MAX_MS, and closes once the client has sent it all.
//
// Any other refusal made before the body was read (a missing token, a rate limit) is treated the
// same way, with `connection: close`: left to Node, the connection would be kept alive waiting
// for a body that may never come, past every timeout (the keep-alive timeout replaces the idle
// one once an answer is sent).
import type { FastifyInstance } from 'fastify';
import { Socket } from 'node:net';

/** The most of a refused body read and thrown away before the connection is cut. */
export const LINGER_MAX_BYTES = 128 * 1024 * 1024;
/** The longest a refused upload is waited for (the API passes its request timeout). */
export const LINGER_MAX_MS = 30_000;

export function registerLingeringClose(app: FastifyInstance, bounds = { maxBytes: LINGER_MAX_BYTES, maxMs: LINGER_MAX_MS }): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const req = request.raw;
    const socket = req.socket as Socket | null;
    // Only a real connection lingers (app.inject's stands-in have no socket to keep open).
    if (reply.statusCode < 400 || req.complete || req.httpVersionMajor !== 1 || !(socket instanceof Socket) || socket.destroyed) return done(null, payload);
    reply.header('connection', 'close');
    let seen = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
    };
    // Past a bound the client has had its chance: cut it (what Node would have done at once).
    const cut = () => {
      stop();
      socket.destroy();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > bounds.maxBytes) cut();
    };
    // All of it read: the close is clean, once the answer has gone out, and the client reads it.
    const onEnd = () => {
      stop();
      if (reply.raw.writableFinished) socket.destroy();
      else reply.raw.once('finish', () => socket.destroy());
    };
    req.on('data', onData);
    req.once('end', onEnd);
    socket.once('close', stop);
    // Reading before the answer ends keeps Node from dumping the request (it counts nothing then).
    req.resume();
    reply.raw.once('finish', () => {
      // Node has sent the answer and a FIN, and would destroy the socket once flushed; keep it open
      // to read, with our own bound. (Node's own listener runs first: this one was added after it.)
      socket.removeListener('finish', socket.destroy);
      if (!socket.destroyed) timer = setTimeout(cut, bounds.maxMs);
    });
    done(null, payload);
  });
}
