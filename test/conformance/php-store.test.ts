/**
 * PHP relays sharing one store (the sites of a WordPress multisite share the plugin's
 * storage folder; the pools of one host share APCu): each keeps its own list cache, as
 * each Node relay does, so one relay's upstream never answers another relay's visitors.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { phpAvailable, startPhpRelay, type PhpRelay } from './php-relay.ts';
import { listenWith, Browser, type Served } from '../relay/helpers.ts';
import { buildResponse } from '../../src/protocol/xml.ts';

const open: (Served | PhpRelay)[] = [];
const shared = mkdtempSync(join(tmpdir(), 'ct-php-shared-store-'));
after(async () => {
  for (const s of open) await s.close();
  rmSync(shared, { recursive: true, force: true });
});

function countries(name: string): string {
  return buildResponse({
    action: 'get_list_country',
    result: 'Success',
    values: [{ country_id: '1', name }],
    errors: [],
    timestamp: 1,
  });
}

test(
  'two PHP relays on one store each answer list calls from their own upstream, not from the other relay’s cache',
  { skip: phpAvailable() ? false : 'php is not installed', timeout: 30_000 },
  async () => {
    const relays: PhpRelay[] = [];
    for (const [name, token, secret] of [
      ['Staging', 'token-of-a-staging-site', 'a'.repeat(64)],
      ['Live', 'token-of-a-live-site', 'b'.repeat(64)],
    ] as const) {
      const upstream = await listenWith((_req, res) => res.end(countries(name)));
      open.push(upstream);
      const relay = await startPhpRelay({
        upstream: upstream.url,
        token,
        session_secret: secret,
        store: 'files',
        storage_dir: shared,
      });
      open.push(relay);
      relays.push(relay);
    }
    const first = await new Browser(relays[0]!.url).call('get_list_country');
    assert.equal(first.body.values?.[0]?.['name'], 'Staging', first.text);
    const second = await new Browser(relays[1]!.url).call('get_list_country');
    assert.equal(second.body.values?.[0]?.['name'], 'Live', second.text);
  },
);

test(
  'list answers a client varies without end do not push revocations out of APCu: a logged-out cookie stays out',
  { skip: phpAvailable('apcu') ? false : 'php with APCu is not installed', timeout: 60_000 },
  async () => {
    const terms = 'These are the terms. '.repeat(1000);
    const upstream = await listenWith((req, res) => {
      if (req.url === '/terms.txt') {
        res.setHeader('content-type', 'text/plain');
        res.end(terms);
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const action = /%3Caction%3E(\w+)%3C/.exec(body)?.[1] ?? '';
        const values =
          action === 'get_list_terms'
            ? [{ URL_location: `${upstream.url}/terms.txt` }]
            : [{ Usernumber: '1000001' }];
        res.end(buildResponse({ action, result: 'Success', values, errors: [], timestamp: 1 }));
      });
    });
    open.push(upstream);
    // A small APCu, as on a host whose pool has little shared memory to spare.
    const relay = await startPhpRelay(
      {
        upstream: upstream.url,
        token: 'tok12345',
        session_secret: 'c'.repeat(64),
        store: 'apcu',
        dev_origins: upstream.url,
      },
      undefined,
      ['apc.shm_size=2M'],
    );
    open.push(relay);
    const visitor = new Browser(relay.url);
    const signIn = await visitor.call('authenticate_user', { user: 'jdoe', password: 's3cret99' });
    assert.equal(signIn.status, 200, signIn.text);
    const copy = visitor.cookie;
    assert.ok(copy, 'no session cookie');
    assert.equal((await visitor.logout()).status, 200);
    // The same cookie, kept by someone else, after a stream of list calls each with its own key.
    const attacker = new Browser(relay.url);
    for (let i = 0; i < 150; i++) {
      const answer = await attacker.call('get_list_terms', {
        client_ip_address: `198.51.${i >> 8}.${i & 255}`,
      });
      assert.equal(answer.status, 200, answer.text.slice(0, 300));
    }
    const thief = new Browser(relay.url);
    thief.cookie = copy;
    const session = await thief.session();
    assert.deepEqual(session.body, { user: null }, 'the revoked session came back');
  },
);
