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
