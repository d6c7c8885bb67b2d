import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FTP_CONNECTION_ID } from '../../src/protocol/index.ts';
import { PASSWORD, codes, emailActivated, fixture, fullyActivated, register } from './helpers.ts';

const creds = { user: 'jdoe', password: PASSWORD };

describe('create_connection', () => {
  it('answers a fresh 7-digit API ID for every new connection', async () => {
    const f = fixture();
    await emailActivated(f);
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const doc = await f.call('create_connection', { ...creds, api_description: `shop ${i}` });
      const id = doc.values[0]!['api_id']!;
      assert.match(id, /^[1-9]\d{6}$/);
      ids.add(id);
    }
    assert.equal(ids.size, 10);
    assert.equal(f.emulator.exportState().accounts[0]!.connections.length, 10);
  });

  it('keeps what the connection was created with', async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('create_connection', {
      ...creds,
      connection_id: '2',
      api_description: 'Web shop <main> & "co"',
      ip_address: '10.0.0.1,10.0.0.2',
      dial_prefix: '27',
      callback_url: 'https://shop.example/callback',
      callback_type_id: '1',
      callback_username: 'cb',
      callback_password: 'cbpass',
    });
    const connection = f.emulator.exportState().accounts[0]!.connections[0]!;
    assert.equal(connection.description, 'Web shop <main> & "co"');
    assert.equal(connection.dialPrefix, '27');
    assert.equal(connection.callbackTypeId, '1');
    assert.equal(connection.callbackUrl, 'https://shop.example/callback');
  });

  it('requires an FTP password for the FTP API only (420), and ignores one for any other type', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(
      codes(await f.call('create_connection', { ...creds, connection_id: FTP_CONNECTION_ID })),
      ['420'],
    );
    assert.deepEqual(
      codes(
        await f.call('create_connection', {
          ...creds,
          connection_id: FTP_CONNECTION_ID,
          ftp_password: 'ftp123',
        }),
      ),
      ['ok'],
    );
    assert.deepEqual(
      codes(await f.call('create_connection', { ...creds, connection_id: '2', ftp_password: 'ftp123' })),
      ['ok'],
    );
  });

  it('reads "04" as the FTP API (4) for both the type and its password: one rule, one spelling', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('create_connection', { ...creds, connection_id: '04' })), ['420']);
    assert.deepEqual(
      codes(await f.call('create_connection', { ...creds, connection_id: '04', ftp_password: 'ftp123' })),
      ['ok'],
    );
    assert.deepEqual(
      f.emulator.exportState().accounts[0]!.connections.map((c) => c.connectionId),
      [FTP_CONNECTION_ID],
    );
  });

  it('makes an HTTP API connection with HTTP GET callbacks when the type and callback type are left out', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('create_connection', creds)), ['ok']);
    const [connection] = f.emulator.exportState().accounts[0]!.connections;
    assert.equal(connection!.connectionId, '2');
    assert.equal(connection!.callbackTypeId, '0');
  });

  it('refuses every bad field at once, including ids that are not in their lists (419-428)', async () => {
    const f = fixture();
    await emailActivated(f);
    const doc = await f.call('create_connection', {
      ...creds,
      connection_id: '99',
      api_description: 'delete\u007F',
      ip_address: '10.0.0',
      dial_prefix: '999',
      callback_url: 'not a url',
      callback_type_id: '42',
      callback_username: 'has space',
      callback_password: 'p'.repeat(65),
    });
    assert.deepEqual(codes(doc), ['419', '428', '422', '421', '423', '424', '425', '426']);
  });

  it('checks fields before the password, and the password before activation', async () => {
    const f = fixture();
    await register(f);
    assert.deepEqual(
      codes(await f.call('create_connection', { ...creds, password: 'wrongpass1', connection_id: 'x' })),
      ['419'],
    );
    assert.deepEqual(codes(await f.call('create_connection', { ...creds, password: 'wrongpass1' })), ['404']);
    assert.deepEqual(codes(await f.call('create_connection', creds)), ['103']);
  });

  it('does not need SMS activation', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('create_connection', creds)), ['ok']);
  });
});

describe('buy_credits_url', () => {
  it('answers 103 before email activation and 104 before SMS activation', async () => {
    const f = fixture();
    await register(f);
    assert.deepEqual(codes(await f.call('buy_credits_url', creds)), ['103']);
    await f.fetch(new URL(f.emulator.outbox()[0]!.link!).pathname);
    assert.deepEqual(codes(await f.call('buy_credits_url', creds)), ['104']);
  });

  it("answers a one-off URL of the emulator's own buy page", async () => {
    const f = fixture();
    await fullyActivated(f);
    const doc = await f.call('buy_credits_url', creds);
    const url = doc.values[0]!['buy_url']!;
    assert.match(url, /^http:\/\/emulator\.test\/_emulator\/buy\/[0-9a-f]{32}$/);
    const page = await f.fetch(new URL(url).pathname);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Buy credits[\s\S]*jdoe/);
    assert.equal((await f.fetch(new URL(url).pathname)).status, 410, 'the link works once');
    const again = (await f.call('buy_credits_url', creds)).values[0]!['buy_url']!;
    assert.notEqual(again, url);
    assert.equal((await f.fetch(new URL(again).pathname)).status, 200);
  });

  it('answers 404 for a wrong password', async () => {
    const f = fixture();
    await fullyActivated(f);
    assert.deepEqual(codes(await f.call('buy_credits_url', { ...creds, password: 'wrong' })), ['404']);
  });
});
