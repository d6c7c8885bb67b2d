/**
 * Shared fixtures of the relay tests: handlers served over real HTTP on 127.0.0.1, a fake
 * Connect API built on the shared codec, and a browser-like client that keeps every answer
 * and cookie it saw, so tests can scan them for secrets afterwards.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildResponse, parseRequest, readFormField, type DecodedRequest } from '../../src/protocol/xml.ts';
import { toNodeListener } from '../../src/server/node.ts';
import type { FetchHandler } from '../../src/server/http.ts';
import { createRelay, type RelayOptions } from '../../src/relay/index.ts';
import { phpRelayOver } from '../conformance/php-relay.ts';

/**
 * The relay the shared tests run against: the Node relay, or the PHP relay (php/relay,
 * under PHP's built-in server) when CT_RELAY_UNDER_TEST is "php" (test/conformance/php-reuse.test.ts).
 */
export const RELAY_UNDER_TEST = process.env['CT_RELAY_UNDER_TEST'] === 'php' ? 'php' : 'node';

export const TOKEN = 'd36eb2ac5c1ff07bca6782caed861fc5';
export const SECRET = 'a-session-secret-that-is-long-enough-0123456789';

export interface Served {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** `handler` on a fresh port of 127.0.0.1. */
export async function serve(handler: FetchHandler): Promise<Served> {
  return listenWith(toNodeListener(handler));
}

/** A raw Node listener on a fresh port of 127.0.0.1 (for upstreams that misbehave). */
export async function listenWith(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Served> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, close: () => close(server) };
}

/** Serves a handler whose origin must be known before it is built (the emulator). */
export async function serveLazy(
  build: (origin: string) => FetchHandler,
): Promise<Served & { handler: FetchHandler }> {
  const box: { listener?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const served = await listenWith((req, res) => box.listener!(req, res));
  const handler = build(served.url);
  box.listener = toNodeListener(handler);
  return { ...served, handler };
}

/** The lines a relay logged. */
export function logSink(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

/** An XML answer as the Connect API gives it. */
export function xmlAnswer(
  action: string,
  outcome: { values?: Record<string, string>[]; errors?: { code: string; description: string }[] },
  timestamp = 1_316_509_313,
): Response {
  const doc = outcome.errors
    ? { action, result: 'Error' as const, values: [], errors: outcome.errors, timestamp }
    : { action, result: 'Success' as const, values: outcome.values ?? [], errors: [], timestamp };
  return new Response(buildResponse(doc), { headers: { 'content-type': 'text/xml; charset=utf-8' } });
}

/** The decoded request a Connect API endpoint received, or undefined if it was not one. */
export async function decodeUpstream(request: Request): Promise<DecodedRequest | undefined> {
  const body = await request.text();
  const xml = readFormField(body, 'XML');
  return xml === undefined ? undefined : parseRequest(xml);
}

/** A fake Connect API: `answer` decides each call; every call is kept in `calls`. */
export function fakeApi(
  answer: (call: DecodedRequest, request: Request) => Response | Promise<Response>,
): FetchHandler & { calls: { call: DecodedRequest; url: string }[] } {
  const calls: { call: DecodedRequest; url: string }[] = [];
  return {
    calls,
    async fetch(request) {
      const call = await decodeUpstream(request.clone());
      if (!call) return new Response('not a Connect API call', { status: 400 });
      calls.push({ call, url: request.url });
      return answer(call, request);
    },
  };
}

/** Any JSON body the relay answers with, loosely typed for assertions. */
export interface AnswerBody {
  readonly action?: string | null;
  readonly ok?: boolean;
  readonly values: Record<string, string>[];
  readonly errors: { code: string; message: string; field?: string }[];
  readonly timestamp?: number;
  readonly user?: string;
  readonly userNumber?: string;
}

/** What a browser-like call returns: status, headers and parsed JSON body. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: AnswerBody;
}

/** Everything a client saw, for the secret scans. */
export const seen: string[] = [];

function remember(status: number, headers: Headers, text: string): void {
  const lines = [...headers.entries()].map(([k, v]) => `${k}: ${v}`);
  seen.push(`${status}\n${lines.join('\n')}\n\n${text}`);
}

/** A browser on one site: keeps the relay's cookie like a browser would (one name, Path ignored). */
export class Browser {
  cookie: string | undefined;
  constructor(
    readonly base: string,
    readonly path = '/connect',
    readonly origin?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { 'x-ct-connect': '1', ...extra };
    if (this.cookie) h['cookie'] = this.cookie;
    if (this.origin) h['origin'] = this.origin;
    return h;
  }

  private async finish(response: Response): Promise<Answer> {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const maxAge = attrs.find((a) => a.trim().toLowerCase().startsWith('max-age='));
      if (maxAge && maxAge.trim().slice(8) === '0') this.cookie = undefined;
      else this.cookie = pair!.trim();
    }
    const text = await response.text();
    remember(response.status, response.headers, text);
    let body: AnswerBody;
    try {
      body = JSON.parse(text) as AnswerBody;
    } catch {
      body = { values: [], errors: [] };
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  /** `POST <path>` with `{action, params}`. */
  async call(
    action: string,
    params: Record<string, string> = {},
    extra: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(this.base + this.path, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', ...extra }),
      body: JSON.stringify({ action, params }),
    });
    return this.finish(response);
  }

  /** A raw request to the relay's endpoint, for malformed bodies and odd methods. */
  async raw(init: RequestInit & { path?: string; headers?: Record<string, string> }): Promise<Answer> {
    const response = await fetch(this.base + (init.path ?? this.path), {
      ...init,
      headers: this.headers(init.headers),
    });
    return this.finish(response);
  }

  async session(): Promise<Answer> {
    return this.finish(await fetch(`${this.base}${this.path}/session`, { headers: this.headers() }));
  }

  async logout(): Promise<Answer> {
    return this.finish(
      await fetch(`${this.base}${this.path}/logout`, { method: 'POST', headers: this.headers() }),
    );
  }
}

/** A relay over HTTP in front of `upstream`, with its log captured. */
export async function relayOver(
  upstream: string | FetchHandler,
  options: Partial<RelayOptions> = {},
): Promise<Served & { lines: string[] }> {
  if (RELAY_UNDER_TEST === 'php') {
    const php = await phpRelayOver(upstream, { token: TOKEN, sessionSecret: SECRET, ...options });
    // The PHP relay has no Node server object; the shared tests use url, lines and close.
    return Object.assign(php, { server: undefined as never });
  }
  const sink = logSink();
  const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream, log: sink.log, ...options });
  const served = await serve(relay);
  return { ...served, lines: sink.lines };
}
