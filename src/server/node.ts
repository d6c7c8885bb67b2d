/**
 * Mounts a Fetch-standard handler (the relay, the emulator) on Node: as the listener of
 * `http.createServer`, as Express/Connect middleware, or as Vite dev-server middleware.
 * The IncomingMessage-to-Request bridge is @hono/node-server's.
 */
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { FetchHandler } from './http.ts';

type Next = (error?: unknown) => void;

/** A Node request listener that is also usable as Connect-style middleware. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: Next) => void;

// The standard answer headers, as the relay's own answers carry them.
const ANSWER_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

function errorBody(code: string, message: string): string {
  return JSON.stringify({
    action: null,
    ok: false,
    errors: [{ code, message }],
    timestamp: Math.floor(Date.now() / 1000),
  });
}

function internalError(): Response {
  return new Response(errorBody('internal', 'The server failed unexpectedly.'), {
    status: 500,
    headers: { ...ANSWER_HEADERS, 'content-type': 'application/json; charset=utf-8' },
  });
}

function badRequest(): Response {
  return new Response(errorBody('bad_request', 'The request has no valid URL (Host header).'), {
    status: 400,
    headers: { ...ANSWER_HEADERS, 'content-type': 'application/json; charset=utf-8' },
  });
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
 * instead of the stream. 'nested' when a form parser made a field no form can carry (the
 * client's doing), 'lost' when the parser kept nothing usable (the site's).
 */
function restoreBody(req: ParsedMessage): 'ok' | 'nested' | 'lost' {
  if (!req.readableDidRead || Buffer.isBuffer(req.rawBody)) return 'ok';
  const { body } = req;
  const type = req.headers['content-type'] ?? '';
  let text: string | undefined;
  if (Buffer.isBuffer(body)) req.rawBody = body;
  else if (typeof body === 'string') text = body;
  else if (typeof body === 'object' && body !== null) {
    if (JSON_TYPE.test(type)) text = JSON.stringify(body);
    else if (FORM_TYPE.test(type)) {
      text = formAgain(body);
      if (text === undefined) return 'nested';
    }
  }
  if (text !== undefined) req.rawBody = Buffer.from(text, 'utf8');
  return Buffer.isBuffer(req.rawBody) ? 'ok' : 'lost';
}

const BODY_LOST =
  'A body parser before the relay read the request body and kept nothing the relay can use. ' +
  'Mount the relay before it (app.use(toNodeListener(relay)) first), or leave its path out of the parser.';

/** An answer in the relay's JSON shape, with the standard answer headers. */
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { ...ANSWER_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(errorBody(code, message));
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
    {
      // A request the bridge cannot turn into a URL (no Host, a malformed one, a backslash
      // in the path) is the client's mistake: 400, not 500, and a line in the log.
      errorHandler: (error) => {
        if (!(error instanceof RequestError)) return internalError();
        process.stderr.write(`http - - 400 ${error.message}\n`);
        return badRequest();
      },
    },
  );
  return (req, res, next) => {
    const original = (req as IncomingMessage & { originalUrl?: string }).originalUrl;
    if (original !== undefined) req.url = original;
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = undefined; // the listener answers 400
    }
    if (next && url && handler.handles && !handler.handles(url)) {
      next();
      return;
    }
    const body = restoreBody(req);
    if (body === 'nested') return refuse(res, 400, 'bad_request', 'A form field holds more than text.');
    if (body === 'lost') {
      console.error(`ct-connect: ${BODY_LOST}`);
      return refuse(res, 500, 'internal', BODY_LOST);
    }
    void listener(req, res);
  };
}

/** Limits of a Node HTTP server in front of the relay: how long a client may take, how much it may hold. */
export interface NodeServerLimits {
  /** Time to receive a request's headers, in ms. Default 10000 (Node's own: 60000). */
  readonly headersTimeoutMs?: number;
  /** Time to receive a whole request, body included, in ms. Default 30000 (Node's own: 300000). */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms. Default 5000. */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Open connections one client IP (the socket's peer) may hold; further ones are closed at
   * once. Default 64; 0 for no cap. Behind a proxy every connection is the proxy's: raise it
   * to the proxy's pool size or set 0 there and let the proxy cap clients.
   */
  readonly maxConnectionsPerIp?: number;
}

export const DEFAULT_SERVER_LIMITS: Required<NodeServerLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnectionsPerIp: 64,
};

/**
 * Options for `http.createServer` (or `https.createServer`) that apply the timeouts of
 * `limits`, checked every second rather than Node's default 30 s, so a client sending a
 * body byte by byte is cut off near the timeout.
 */
export function serverOptions(limits: NodeServerLimits = {}): ServerOptions {
  const headersTimeout = limits.headersTimeoutMs ?? DEFAULT_SERVER_LIMITS.headersTimeoutMs;
  const requestTimeout = Math.max(
    headersTimeout,
    limits.requestTimeoutMs ?? DEFAULT_SERVER_LIMITS.requestTimeoutMs,
  );
  return {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeoutMs ?? DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeout / 2))),
  };
}

/**
 * Closes each new connection of a client IP that already holds `max` (default 64; 0 turns
 * the cap off). Call it once on the server the relay listens on.
 */
export function capConnectionsPerIp(
  server: Server,
  max: number = DEFAULT_SERVER_LIMITS.maxConnectionsPerIp,
): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? '';
    const count = open.get(ip) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(ip, count + 1);
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left <= 0) open.delete(ip);
      else open.set(ip, left);
    });
  });
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
