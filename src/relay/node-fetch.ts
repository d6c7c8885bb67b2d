/**
 * An upstream transport for the relay on Node: node:http(s) with keep-alive, shaped like
 * fetch for the two requests the relay makes. Node's global fetch (undici) costs more CPU
 * per call than the rest of the relay together (bench/relay.ts); pass this as the relay's
 * `fetch` option on Node for throughput. Redirects are never followed; the body streams,
 * so the relay's size cap still applies while reading.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { holdBody } from './held-body.ts';

const NULL_BODY = new Set([101, 204, 205, 304]);
// Bodies that declare at most this many bytes are buffered; larger or undeclared ones stream.
const BUFFER_LIMIT = 256 * 1024;

/** The error an aborted request fails with, as with http.request's own `signal` option. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
}

/** A fetch-shaped function over node:http(s) with keep-alive agents of its own. */
export function createNodeFetch(): (url: string, init: RequestInit) => Promise<Response> {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') {
        reject(new TypeError(`unsupported protocol ${target.protocol}`));
        return;
      }
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const options = {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: target.pathname + target.search,
        method: init.method ?? 'GET',
        headers,
        agent: secure ? agents.https : agents.http,
      };
      const onResponse = (res: IncomingMessage): void => {
        const status = res.statusCode ?? 502;
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        if (status < 200 || status > 599 || NULL_BODY.has(status)) {
          res.resume();
          resolve(
            new Response(null, { status: status < 200 || status > 599 ? 502 : status, headers: pairs }),
          );
          return;
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared <= BUFFER_LIMIT) {
          // A small declared body is cheaper gathered here than read through a web stream.
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            const response = new Response(bytes, { status, headers: pairs });
            holdBody(response, bytes);
            resolve(response);
          });
          res.on('error', reject);
          return;
        }
        resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status, headers: pairs }));
      };
      const req = secure ? httpsRequest(options, onResponse) : httpRequest(options, onResponse);
      req.on('error', reject);
      // The signal destroys the request, and with it a response still being read. Listened to
      // here rather than through http.request's own `signal` option, whose watch for the end
      // of the stream costs more than the rest of the request's set-up.
      const signal = init.signal;
      if (signal) {
        const onAbort = (): void => void req.destroy(abortError(signal));
        if (signal.aborted) onAbort();
        else {
          signal.addEventListener('abort', onAbort, { once: true });
          req.once('close', () => signal.removeEventListener('abort', onAbort));
        }
      }
      req.end(body);
    });
}
