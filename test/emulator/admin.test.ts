import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEmulator, type EmulatorState, type OutboxMessage } from '../../src/emulator/index.ts';
import { buildRequest, formBody, parseResponse } from '../../src/protocol/xml.ts';
import { PASSWORD, TOKEN, codes, emailActivated, fixture, register, registration, serve } from './helpers.ts';

describe('the admin API', () => {
  it('lists its routes at /_emulator/', async () => {
    const response = await fixture().fetch('/_emulator/');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { routes: Record<string, string> };
    for (const route of [
      'GET /_emulator/outbox',
      'GET /_emulator/captcha/latest',
      'GET /_emulator/state',
      'PUT /_emulator/state',
      'POST /_emulator/reset',
    ]) {
      assert.ok(route in body.routes, route);
    }
  });

  it('lists the outbox as JSON, newest last, with ISO times, and filters it by recipient', async () => {
    const f = fixture();
    await register(f, 'first');
    f.clock.advance(60_000);
    await register(f, 'second');
    const outbox = (await (await f.fetch('/_emulator/outbox')).json()) as OutboxMessage[];
    assert.deepEqual(
      outbox.map((m) => m.to),
      ['first@example.com', 'second@example.com'],
    );
    assert.equal(Date.parse(outbox[1]!.at) - Date.parse(outbox[0]!.at), 60_000);
    assert.match(outbox[0]!.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const filtered = (await (
      await f.fetch('/_emulator/outbox?to=second%40example.com')
    ).json()) as OutboxMessage[];
    assert.deepEqual(
      filtered.map((m) => m.to),
      ['second@example.com'],
    );
  });

  it('exports the whole state and imports it into another emulator, which then carries on', async () => {
    const a = fixture();
    await emailActivated(a);
    await a.call('authenticate_user', { user: 'jdoe', password: 'wrongpass1' });
    const exported = await (await a.fetch('/_emulator/state')).text();

    const b = fixture();
    const put = await b.fetch('/_emulator/state', {
      method: 'PUT',
      body: exported,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(put.status, 200);
    assert.deepEqual(b.emulator.exportState(), JSON.parse(exported) as EmulatorState);
    assert.deepEqual(codes(await b.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['ok']);
    assert.equal(b.emulator.outbox().length, a.emulator.outbox().length);
  });

  it('keeps lock-outs across an export and import', async () => {
    const a = fixture();
    await emailActivated(a);
    await a.call('authenticate_user', { user: 'jdoe', password: 'wrongpass1' });
    await a.call('authenticate_user', { user: 'jdoe', password: 'wrongpass1' });
    const b = fixture();
    b.emulator.importState(a.emulator.exportState());
    assert.deepEqual(codes(await b.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['004']);
  });

  it('refuses a PUT of bad JSON or of a document that is not a state with a 400 that says why, keeping the old state', async () => {
    const f = fixture();
    await register(f);
    const before = f.emulator.exportState();
    const bad = await f.fetch('/_emulator/state', { method: 'PUT', body: '{"version": 1,' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /not valid JSON/);
    const wrong = await f.fetch('/_emulator/state', {
      method: 'PUT',
      body: JSON.stringify({ version: 1, accounts: 'none' }),
    });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: string }).error, /nextUserNumber|accounts/);
    const badAccount = { ...before, accounts: [{ ...before.accounts[0]!, emailActivated: 'yes' }] };
    const refused = await f.fetch('/_emulator/state', { method: 'PUT', body: JSON.stringify(badAccount) });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: string }).error, /accounts\[0\]\.emailActivated/);
    assert.deepEqual(f.emulator.exportState(), before);
  });

  it('forgets everything on reset', async () => {
    const f = fixture();
    await emailActivated(f);
    const response = await f.fetch('/_emulator/reset', { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(f.emulator.outbox().length, 0);
    assert.deepEqual(codes(await f.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['404']);
    assert.deepEqual(f.emulator.exportState().accounts, []);
  });

  it('answers unknown routes with 404 and wrong methods with 405, as JSON', async () => {
    const f = fixture();
    const missing = await f.fetch('/_emulator/nothing');
    assert.equal(missing.status, 404);
    assert.ok(((await missing.json()) as { error: string }).error);
    const reset = await f.fetch('/_emulator/reset');
    assert.equal(reset.status, 405);
    assert.equal(reset.headers.get('allow'), 'POST');
    assert.equal((await f.fetch('/_emulator/outbox', { method: 'DELETE' })).status, 405);
  });

  it('keeps exported state apart from the live state', async () => {
    const f = fixture();
    await register(f);
    const copy = f.emulator.exportState();
    copy.accounts[0]!.password = 'changed1';
    assert.deepEqual(codes(await f.call('resend_email_activation', { user: 'jdoe', password: PASSWORD })), [
      'ok',
    ]);
  });
});

describe('the admin API over real loopback HTTP', () => {
  const emulator = createEmulator({ tokens: [TOKEN] });
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(emulator);
  });
  after(() => server.close());

  it('tells the id and code of the latest captcha over HTTP', async () => {
    const captcha = parseResponse(
      await (
        await fetch(`${server.url}/${TOKEN}?XML=${encodeURIComponent(buildRequest('get_captcha', {}))}`)
      ).text(),
    ).values[0]!['captcha_id']!;
    const latest = await fetch(`${server.url}/_emulator/captcha/latest`);
    assert.equal(latest.status, 200);
    assert.deepEqual(await latest.json(), { captchaId: captcha, code: emulator.captchaCode(captcha) });
  });

  it('hands out links on the origin the request came to, which then work', async () => {
    const call = async (action: string, params: Record<string, string>) =>
      parseResponse(
        await (
          await fetch(`${server.url}/${TOKEN}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: formBody(buildRequest(action, params)),
          })
        ).text(),
      );
    const captcha = (await call('get_captcha', {})).values[0]!['captcha_id']!;
    const { code } = (await (await fetch(`${server.url}/_emulator/captcha/${captcha}`)).json()) as {
      code: string;
    };
    assert.deepEqual(
      codes(await call('register', { ...registration(), captcha_id: captcha, captcha_code: code })),
      ['ok'],
    );
    const outbox = (await (await fetch(`${server.url}/_emulator/outbox`)).json()) as OutboxMessage[];
    const link = outbox.at(-1)!.link!;
    assert.ok(link.startsWith(`${server.url}/_emulator/activate/`), link);
    assert.equal((await fetch(link)).status, 200);
    assert.deepEqual(codes(await call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['ok']);
  });
});
