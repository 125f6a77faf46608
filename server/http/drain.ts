/**
 * A refusal (413, 429 …) answered before the request's body was read reaches a client that is
 * still uploading as a broken connection (EPIPE, "network failure"), never as its message. So the
 * rest of the body is read and dropped before the answer goes out, up to a bound; past it the
 * connection is closed as before.
 */
import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';

const DRAIN_BYTES = 512 * 1024 * 1024;
const DRAIN_MS = 120_000;

export const drainRefusedBody: MiddlewareHandler = async (c, next) => {
  await next();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (c.res.status < 400 || !incoming || incoming.readableEnded || incoming.destroyed) return;
  await drain(incoming);
};

function drain(incoming: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      incoming.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MS);
    // Whatever read the body before (the web stream over it, which pauses it when nobody reads on) is done with it.
    incoming.removeAllListeners('data');
    incoming.removeAllListeners('readable');
    incoming.on('data', onData);
    incoming.once('end', done);
    incoming.once('close', done);
    incoming.once('error', done);
    incoming.resume();
  });
}
