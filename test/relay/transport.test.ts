/**
 * The node:http transport hands the relay small answers it has already read whole: the
 * relay still holds them to its size cap, and the Response stays readable for anyone else.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { listenWith, relayOver, xmlAnswer, Browser, TOKEN, type Served } from './helpers.ts';
import { createNodeFetch } from '../../src/relay/node.ts';
import { heldBody } from '../../src/relay/held-body.ts';

const GUARD = { timeout: 20_000 };
const open: Served[] = [];
after(async () => {
  for (const s of open) await s.close();
});

const good = await xmlAnswer('get_list_account', {
  values: [{ account_id: '1', account_type: 'International' }],
}).text();

test('a small answer comes back whole from the transport and still reads as a Response', GUARD, async () => {
  const upstream = await listenWith((_req, res) => res.end(good));
  open.push(upstream);
  const response = await createNodeFetch()(`${upstream.url}/x`, { method: 'POST', body: 'XML=' });
  assert.equal(new TextDecoder().decode(heldBody(response)), good);
  assert.equal(await response.text(), good);
});

test('a held answer over maxUpstreamBytes answers 502 upstream_bad_answer', GUARD, async () => {
  const upstream = await listenWith((_req, res) => res.end(good));
  open.push(upstream);
  const relay = await relayOver(upstream.url, {
    listCacheMs: 0,
    maxUpstreamBytes: good.length - 1,
    fetch: createNodeFetch(),
  });
  open.push(relay);
  const answer = await new Browser(relay.url).call('get_list_account');
  assert.equal(answer.status, 502, answer.text);
  assert.equal(answer.body.errors[0]!.code, 'upstream_bad_answer');
  assert.ok(!answer.text.includes(TOKEN));
});

test('a held answer within maxUpstreamBytes is read', GUARD, async () => {
  const upstream = await listenWith((_req, res) => res.end(good));
  open.push(upstream);
  const relay = await relayOver(upstream.url, {
    listCacheMs: 0,
    maxUpstreamBytes: good.length,
    fetch: createNodeFetch(),
  });
  open.push(relay);
  const answer = await new Browser(relay.url).call('get_list_account');
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.body.values, [{ account_id: '1', account_type: 'International' }]);
});

test('an aborted call fails with an AbortError and closes the connection upstream', GUARD, async () => {
  let closed!: () => void;
  const upstreamClosed = new Promise<void>((resolve) => (closed = resolve));
  const upstream = await listenWith((req, res) => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.write(good.slice(0, 40));
    req.socket.on('close', closed);
  });
  open.push(upstream);
  const timer = new AbortController();
  const response = await createNodeFetch()(`${upstream.url}/x`, { signal: timer.signal });
  const reading = response.text();
  timer.abort();
  await assert.rejects(reading);
  await upstreamClosed;

  const already = new AbortController();
  already.abort();
  await assert.rejects(createNodeFetch()(`${upstream.url}/x`, { signal: already.signal }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  });
});
