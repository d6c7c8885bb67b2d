/**
 * Relay overhead on loopback, side by side in one run, against the in-process emulator:
 *   (a) the emulator called directly over HTTP,
 *   (b) the relay over HTTP, in front of the emulator over HTTP,
 *   (c) a bare Node forwarder of the same bytes, in front of the emulator over HTTP.
 * Throughput is measured with several calls in flight, latency one call at a time. Every
 * phase has a bounded number of requests and a time cap. Not a test: it prints figures.
 *
 *   node --import tsx bench/relay.ts
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '../src/emulator/index.ts';
import { createRelay, createNodeFetch, toNodeListener } from '../src/relay/node.ts';
import { buildRequest, formBody } from '../src/protocol/xml.ts';

const TOKEN = 'bench-token-not-a-secret';
const ACTION = 'get_list_account';
const CONCURRENCY = 16;
const THROUGHPUT_REQUESTS = 8_000;
const LATENCY_REQUESTS = 1_500;
const WARMUP_REQUESTS = 500;
const ROUNDS = 5;
const PHASE_CAP_MS = 8_000;

interface Target {
  readonly name: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

interface Figures {
  readonly rps: number;
  /** CPU time of this process per call, in ms: steadier than req/s on a shared machine. */
  readonly cpuMs: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function once(target: Target): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        headers: target.headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          // A wrong answer would make any figure meaningless: stop the run instead.
          if (res.statusCode !== 200 || !/International/.test(text))
            reject(new Error(`${target.name}: ${res.statusCode} ${text.slice(0, 200)}`));
          else resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

async function run(target: Target, total: number, concurrency: number): Promise<Figures> {
  const latencies: number[] = [];
  const deadline = performance.now() + PHASE_CAP_MS;
  let issued = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (issued < total && performance.now() < deadline) {
      issued++;
      const t = performance.now();
      await once(target);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return {
    rps: (latencies.length / elapsed) * 1000,
    cpuMs: (used.user + used.system) / 1000 / latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    count: latencies.length,
  };
}

/** One scenario's figures. */
export interface Result {
  readonly rps: number;
  readonly cpuMs: number;
  readonly p50: number;
  readonly p99: number;
}

/** Runs the benchmark and prints its figures; returns them for bench/run.ts. */
export async function main(): Promise<Record<string, Result>> {
  // The emulator, on its own port.
  const emulatorServer = createServer();
  const emulatorPort = await listen(emulatorServer);
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const emulator = createEmulator({ tokens: [TOKEN], origin: emulatorUrl });
  emulatorServer.on('request', toNodeListener(emulator));

  // The relay, in front of it over loopback; no list cache, so every call goes upstream.
  // Once with its default transport (the global fetch), once with the node:http one.
  const relayOptions = {
    upstream: emulatorUrl,
    token: TOKEN,
    sessionSecret: 'bench-session-secret-0123456789abcdef',
    devOrigins: [emulatorUrl],
    listCacheMs: 0,
    rateLimits: { perIp: { points: 10_000_000, durationS: 60 } },
    log: () => {},
  };
  const relayServer = createServer(toNodeListener(createRelay(relayOptions)));
  const relayPort = await listen(relayServer);
  const nodeRelayServer = createServer(
    toNodeListener(createRelay({ ...relayOptions, fetch: createNodeFetch() })),
  );
  const nodeRelayPort = await listen(nodeRelayServer);

  // The bare forwarder: the same bytes in, the same bytes out, nothing else.
  const upstreamAgent = new Agent({ keepAlive: true });
  const forwarder = createServer((req, res) => {
    const out = request(
      {
        host: '127.0.0.1',
        port: emulatorPort,
        path: req.url,
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        agent: upstreamAgent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, {
          'content-type': answer.headers['content-type'] ?? 'text/xml',
        });
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(out);
  });
  const forwarderPort = await listen(forwarder);

  const form = formBody(buildRequest(ACTION));
  const formHeaders = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(form)),
  };
  const json = JSON.stringify({ action: ACTION, params: {} });
  const jsonHeaders = {
    'content-type': 'application/json',
    'x-ct-connect': '1',
    'content-length': String(Buffer.byteLength(json)),
  };
  const targets: Target[] = [
    { name: '(a) emulator direct', port: emulatorPort, path: `/${TOKEN}`, headers: formHeaders, body: form },
    { name: '(b) relay, global fetch', port: relayPort, path: '/connect', headers: jsonHeaders, body: json },
    {
      name: "(b') relay, node:http",
      port: nodeRelayPort,
      path: '/connect',
      headers: jsonHeaders,
      body: json,
    },
    { name: '(c) bare forwarder', port: forwarderPort, path: `/${TOKEN}`, headers: formHeaders, body: form },
  ];

  // Rounds interleave the scenarios, so a machine that gets busier part-way through the run
  // slows all of them alike; each figure is the median over the rounds.
  const results: Record<string, Result> = {};
  for (const target of targets) await run(target, WARMUP_REQUESTS, CONCURRENCY);
  const rounds: Record<string, Figures[]> = {};
  const latencies: Record<string, Figures[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of targets) {
      (rounds[target.name] ??= []).push(await run(target, THROUGHPUT_REQUESTS / ROUNDS, CONCURRENCY));
      (latencies[target.name] ??= []).push(await run(target, LATENCY_REQUESTS / ROUNDS, 1));
    }
  }
  const median = (values: number[]): number => values.sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  for (const target of targets) {
    const t = rounds[target.name]!;
    const l = latencies[target.name]!;
    results[target.name] = {
      rps: median(t.map((f) => f.rps)),
      cpuMs: median(t.map((f) => f.cpuMs)),
      p50: median(l.map((f) => f.p50)),
      p99: median(l.map((f) => f.p99)),
    };
  }

  const fmt = (n: number, digits = 0, width = 9): string => n.toFixed(digits).padStart(width);
  console.log(
    `Relay overhead: ${ACTION} on loopback, everything in this one process (client, relay, forwarder, emulator).`,
  );
  console.log(
    `req/s and CPU per call with ${CONCURRENCY} calls in flight; p50/p99 one call at a time; medians of ${ROUNDS} interleaved rounds.`,
  );
  console.log(
    `${'scenario'.padEnd(26)}${'req/s'.padStart(9)}${'cpu ms'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`,
  );
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(26)}${fmt(r.rps)}${fmt(r.cpuMs, 3)}${fmt(r.p50, 3)}${fmt(r.p99, 3)}`);
  }
  const [a, b, b2, c] = targets.map((t) => results[t.name]!) as [Result, Result, Result, Result];
  const line = (label: string, x: Result, y: Result): string =>
    `${label.padEnd(12)} throughput ${(x.rps / y.rps).toFixed(2)} (by CPU per call ${(y.cpuMs / x.cpuMs).toFixed(2)})   p50 added ${(x.p50 - y.p50).toFixed(3)} ms`;
  console.log(line('(b)/(a)', b, a));
  console.log(line('(b)/(c)', b, c));
  console.log(line("(b')/(a)", b2, a));
  console.log(line("(b')/(c)", b2, c));
  console.log('targets: (b)/(c) throughput >= 0.70, p50 added < 1 ms');

  agent.destroy();
  upstreamAgent.destroy();
  for (const server of [relayServer, nodeRelayServer, forwarder, emulatorServer]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
