/**
 * `ct-connect dev` (`npm start`): the demo page on localhost with every element working.
 * Without a token it runs the relay in front of an in-process emulator (no network); with
 * CT_CONNECT_TOKEN set, the relay talks to the real Connect API instead.
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer } from 'vite';
import { createNodeFetch, createRelay } from './relay/node.ts';
import { createRelayWithEmulator } from './relay/with-emulator.ts';
import { toNodeListener, type NodeListener } from './server/node.ts';

const help = `Usage: ct-connect dev [--port 5173] [--host 127.0.0.1]

Serves the demo page with the relay at /connect. Without CT_CONNECT_TOKEN the relay talks
to an in-process emulator whose outbox the page shows; with it, to the real Connect API
(CT_CONNECT_UPSTREAM overrides https://connect.clickatell.com).
`;

/** The part of the demo's setup the page needs to know. */
export interface DemoConfig {
  readonly mode: 'emulator' | 'live';
  readonly endpoint: string;
  /** In live mode, the upstream the relay talks to when it is not the real Connect API. */
  readonly upstream?: string;
}

const REAL_API = 'https://connect.clickatell.com';

/**
 * `upstream` as the page and the console show it: undefined for the real Connect API,
 * else its URL without any user name or password it may hold.
 */
function shownUpstream(upstream: string | undefined): string | undefined {
  if (upstream === undefined || upstream === '') return undefined;
  try {
    const url = new URL(upstream);
    url.username = '';
    url.password = '';
    return url.href === new URL(REAL_API).href ? undefined : url.href;
  } catch {
    // createRelay refuses it and says why.
    return undefined;
  }
}

/** A Vite plugin that mounts the relay (and the emulator's admin API) on the dev server. */
export function connectDevPlugin(
  options: { token?: string; upstream?: string; sessionSecret?: string } = {},
): Plugin {
  const upstream = options.token ? shownUpstream(options.upstream) : undefined;
  const config: DemoConfig = {
    mode: options.token ? 'live' : 'emulator',
    endpoint: '/connect',
    ...(upstream === undefined ? {} : { upstream }),
  };
  return {
    name: 'ct-connect-dev',
    configureServer(server: ViteDevServer) {
      const sessionSecret = options.sessionSecret ?? randomBytes(32).toString('hex');
      // The emulator's links point at the page's own origin, known once the server listens.
      let listener: NodeListener | undefined;
      server.httpServer?.once('listening', () => {
        const address = server.httpServer?.address();
        const origin = `http://localhost:${typeof address === 'object' && address ? address.port : 5173}`;
        const handler = options.token
          ? createRelay({
              token: options.token,
              upstream: options.upstream,
              sessionSecret,
              fetch: createNodeFetch(),
              // An http upstream is a local stand-in (a standalone emulator): its own
              // terms and buy links are plain http too, and are trusted like it.
              devOrigins: options.upstream?.startsWith('http:') ? [new URL(options.upstream).origin] : [],
            })
          : createRelayWithEmulator({ origin, sessionSecret }).handler;
        listener = toNodeListener(handler);
      });
      server.middlewares.use((req, res, next) => {
        if (req.url === '/_demo/config') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(config));
        } else if (listener) {
          listener(req, res, next);
        } else {
          next();
        }
      });
    },
  };
}

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: process.env['PORT'] ?? '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const { createServer } = await import('vite');
  const token = process.env['CT_CONNECT_TOKEN'];
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('../demo/', import.meta.url)),
    server: { port: Number(values.port), host: values.host, strictPort: false },
    logLevel: 'warn',
    plugins: [
      connectDevPlugin({
        token,
        upstream: process.env['CT_CONNECT_UPSTREAM'],
        sessionSecret: process.env['CT_CONNECT_SESSION_SECRET'],
      }),
    ],
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  const url = `http://localhost:${port}/`;
  const upstream = shownUpstream(process.env['CT_CONNECT_UPSTREAM']);
  process.stdout.write(
    !token
      ? 'ct-connect demo: the relay talks to an in-process emulator; nothing leaves this machine.\n'
      : upstream
        ? `ct-connect demo: the relay talks to ${upstream} (CT_CONNECT_UPSTREAM).\n`
        : `ct-connect demo: the relay talks to the real Connect API (${REAL_API}).\n`,
  );
  process.stdout.write(`Open ${url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
