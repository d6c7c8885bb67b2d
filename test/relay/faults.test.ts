/**
 * Upstream faults, each from a fake Connect API over real HTTP, each mapped to its defined
 * answer. The relay's timeout is short; each test also has a generous node:test timeout so
 * a relay that waited forever fails instead of hanging the run. No test measures time.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { listenWith, relayOver, Browser, TOKEN, type Answer, type Served } from './helpers.ts';
import { buildResponse } from '../../src/protocol/xml.ts';
import { createNodeFetch } from '../../src/relay/node.ts';

const GUARD = { timeout: 20_000 };
const open: Served[] = [];
after(async () => {
  for (const s of open) await s.close();
});

let transport: ((url: string, init: RequestInit) => Promise<Response>) | undefined;

async function through(upstream: string, action = 'get_list_account') {
  const relay = await relayOver(upstream, { timeoutMs: 300, listCacheMs: 0, fetch: transport });
  open.push(relay);
  const answer = await new Browser(relay.url).call(action);
  return { answer, relay };
}

function assertRefusal(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text.slice(0, 300));
  assert.equal(answer.body.ok, false);
  assert.equal(answer.body.errors[0]!.code, code);
  assert.ok(!answer.text.includes(TOKEN));
  for (const [, value] of answer.headers) assert.ok(!value.includes(TOKEN));
}

const good = buildResponse({
  action: 'get_list_account',
  result: 'Success',
  values: [{ account_id: '1', account_type: 'International' }],
  errors: [],
  timestamp: 1,
});

const TRANSPORTS = [
  ['the global fetch', undefined],
  ['the node:http transport', createNodeFetch()],
] as const;

for (const [label, impl] of TRANSPORTS)
  describe(`upstream faults, through ${label}`, () => {
    before(() => {
      transport = impl;
    });

    test('the fake upstream answers normally when it behaves (the control case)', GUARD, async () => {
      const upstream = await listenWith((_req, res) => res.end(good));
      open.push(upstream);
      const { answer } = await through(upstream.url);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.values, [{ account_id: '1', account_type: 'International' }]);
    });

    test('an upstream that refuses connections answers 502 upstream_unreachable', GUARD, async () => {
      // Take a free port, then close it: nothing listens there.
      const probe: Server = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const { answer } = await through(`http://127.0.0.1:${port}`);
      assertRefusal(answer, 502, 'upstream_unreachable');
    });

    test('an upstream that never answers answers 504 upstream_timeout', GUARD, async () => {
      const upstream = await listenWith(() => {});
      open.push(upstream);
      const { answer } = await through(upstream.url);
      assertRefusal(answer, 504, 'upstream_timeout');
    });

    test(
      'an upstream that stalls in the middle of its body answers 504 upstream_timeout',
      GUARD,
      async () => {
        const upstream = await listenWith((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.write(good.slice(0, 40));
        });
        open.push(upstream);
        const { answer } = await through(upstream.url);
        assertRefusal(answer, 504, 'upstream_timeout');
      },
    );

    test('an upstream that answers an HTML page answers 502 upstream_bad_answer', GUARD, async () => {
      const upstream = await listenWith((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body><h1>Maintenance</h1></body></html>');
      });
      open.push(upstream);
      const { answer } = await through(upstream.url);
      assertRefusal(answer, 502, 'upstream_bad_answer');
    });

    test(
      'an XML answer labelled text/html is still read (old PHP servers label everything so)',
      GUARD,
      async () => {
        const upstream = await listenWith((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html; charset=UTF-8' });
          res.end(good);
        });
        open.push(upstream);
        const { answer } = await through(upstream.url);
        assert.equal(answer.status, 200, answer.text);
        assert.equal(answer.body.ok, true);
      },
    );

    test('an upstream that answers garbage answers 502 upstream_bad_answer', GUARD, async () => {
      const upstream = await listenWith((_req, res) => res.end('<clickatellsdk><Result>Succ'));
      open.push(upstream);
      const { answer } = await through(upstream.url);
      assertRefusal(answer, 502, 'upstream_bad_answer');
    });

    test('an upstream that answers 500 answers 502 upstream_bad_answer, even with XML', GUARD, async () => {
      const upstream = await listenWith((_req, res) => {
        res.writeHead(500, { 'content-type': 'text/xml' });
        res.end(good);
      });
      open.push(upstream);
      const { answer } = await through(upstream.url);
      assertRefusal(answer, 502, 'upstream_bad_answer');
    });

    test('an upstream that answers 20 MB answers 502 upstream_bad_answer', GUARD, async () => {
      const chunk = Buffer.alloc(1 << 20, 'a');
      let sent = 0;
      const upstream = await listenWith((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const pump = (): void => {
          while (sent < 20) {
            sent++;
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('error', () => {});
        pump();
      });
      open.push(upstream);
      const { answer } = await through(upstream.url);
      assertRefusal(answer, 502, 'upstream_bad_answer');
      // The relay stopped reading at its cap instead of buffering the lot.
      assert.ok(sent < 20, `the upstream got to send ${sent} MB`);
    });

    test(
      'an upstream that redirects answers 502 upstream_bad_answer and the redirect is not followed',
      GUARD,
      async () => {
        let followed = 0;
        const target = await listenWith((_req, res) => {
          followed++;
          res.end(good);
        });
        open.push(target);
        const upstream = await listenWith((req, res) => {
          res.writeHead(302, { location: `${target.url}${req.url}` });
          res.end();
        });
        open.push(upstream);
        const { answer } = await through(upstream.url);
        assertRefusal(answer, 502, 'upstream_bad_answer');
        assert.equal(answer.headers.get('location'), null);
        assert.equal(followed, 0);
      },
    );

    test('the relay logs one line per faulty call, without the token', GUARD, async () => {
      const upstream = await listenWith((_req, res) => res.end('nonsense'));
      open.push(upstream);
      const { relay } = await through(upstream.url);
      assert.deepEqual(
        relay.lines.map((l) => l.replace(/ [\d.]+ms$/, '')),
        ['relay POST get_list_account 502'],
      );
    });
  });

test(
  'a buy_url written oddly upstream is passed on as the URL the relay parsed, not as the raw text',
  GUARD,
  async () => {
    const upstream = await listenWith((_req, res) =>
      res.end(
        buildResponse({
          action: 'buy_credits_url',
          result: 'Success',
          values: [{ buy_url: 'HTTPS://WWW.Clickatell.COM:443/buy/./x/../1?a=b' }],
          errors: [],
          timestamp: 1,
        }),
      ),
    );
    open.push(upstream);
    const relay = await relayOver(upstream.url, { timeoutMs: 5_000, listCacheMs: 0 });
    open.push(relay);
    const answer = await new Browser(relay.url).call('buy_credits_url', {
      user: 'jdoe',
      password: 's3cret99',
    });
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    assert.deepEqual(answer.body.values, [{ buy_url: 'https://www.clickatell.com/buy/1?a=b' }]);
  },
);
