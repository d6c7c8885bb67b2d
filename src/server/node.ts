/**
 * Mounts a Fetch-standard handler (the relay, the emulator) on Node: as the listener of
 * `http.createServer`, as Express/Connect middleware, or as Vite dev-server middleware.
 * The IncomingMessage-to-Request bridge is @hono/node-server's.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { FetchHandler } from './http.ts';

type Next = (error?: unknown) => void;

/** A Node request listener that is also usable as Connect-style middleware. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: Next) => void;

function internalError(): Response {
  return Response.json(
    {
      action: null,
      ok: false,
      errors: [{ code: 'internal', message: 'The server failed unexpectedly.' }],
      timestamp: Math.floor(Date.now() / 1000),
    },
    { status: 500 },
  );
}

/**
 * A Node listener for `handler`. Used as middleware (a `next` is passed), requests the
 * handler does not serve go on to the next middleware; Express's mount path is kept, so
 * the handler sees the URL the browser asked for. A handler that throws answers 500
 * without details; a client that disconnects aborts the request's signal.
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  const listener = getRequestListener(
    (request, env) => handler.fetch(request, { remoteAddress: env.incoming.socket.remoteAddress }),
    { errorHandler: () => internalError() },
  );
  return (req, res, next) => {
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
    if (original !== undefined) req.url = original;
    if (next && handler.handles && !handler.handles(new URL(req.url ?? '/', 'http://localhost'))) {
      next();
      return;
    }
    void listener(req, res);
  };
}

/** Resolves to exit code 0 once SIGINT or SIGTERM has closed `server` and its connections. */
export function serveUntilSignal(server: Server): Promise<number> {
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close(() => resolve(0));
      server.closeAllConnections();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
