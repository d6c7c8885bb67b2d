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

/** A request a body parser may have read first: Express's `req.body`, a host's `rawBody`. */
type ParsedMessage = IncomingMessage & { body?: unknown; rawBody?: unknown };

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/** A parsed form (express.urlencoded()) encoded again; undefined when a value is not text. */
function formAgain(fields: object): string | undefined {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const one of [value].flat()) {
      if (typeof one !== 'string') return undefined;
      form.append(name, one);
    }
  return form.toString();
}

/**
 * When a body parser before the handler (Express's express.json(), .text(), .raw(),
 * .urlencoded()) has read the request stream, the body it left: the raw bytes, the text,
 * or a parsed JSON or form body encoded again; set as `rawBody`, which the bridge reads
 * instead of the stream. False when the body cannot be had back (a parser that kept
 * nothing usable).
 */
function restoreBody(req: ParsedMessage): boolean {
  if (!req.readableDidRead || Buffer.isBuffer(req.rawBody)) return true;
  const { body } = req;
  const type = req.headers['content-type'] ?? '';
  let text: string | undefined;
  if (Buffer.isBuffer(body)) req.rawBody = body;
  else if (typeof body === 'string') text = body;
  else if (typeof body === 'object' && body !== null) {
    if (JSON_TYPE.test(type)) text = JSON.stringify(body);
    else if (FORM_TYPE.test(type)) text = formAgain(body);
  }
  if (text !== undefined) req.rawBody = Buffer.from(text, 'utf8');
  return Buffer.isBuffer(req.rawBody);
}

const BODY_LOST =
  'A body parser before the relay read the request body and kept nothing the relay can use. ' +
  'Mount the relay before it (app.use(toNodeListener(relay)) first), or leave its path out of the parser.';

function bodyLost(res: ServerResponse): void {
  const body = JSON.stringify({
    action: null,
    ok: false,
    errors: [{ code: 'internal', message: BODY_LOST }],
    timestamp: Math.floor(Date.now() / 1000),
  });
  console.error(`ct-connect: ${BODY_LOST}`);
  res.writeHead(500, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/**
 * A Node listener for `handler`. Used as middleware (a `next` is passed), requests the
 * handler does not serve go on to the next middleware; Express's mount path is kept, so
 * the handler sees the URL the browser asked for. A body parser that ran first (Express's
 * express.json() and the like) is no obstacle: the body it left is used. A handler that
 * throws answers 500 without details; a client that disconnects aborts the request's signal.
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
    if (!restoreBody(req)) return bodyLost(res);
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
