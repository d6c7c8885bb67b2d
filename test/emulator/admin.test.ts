import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  countryByIso,
  createEmulator,
  type EmulatorState,
  type OutboxMessage,
} from '../../src/emulator/index.ts';
import { buildRequest, formBody, parseResponse } from '../../src/protocol/xml.ts';
import {
  PASSWORD,
  TOKEN,
  codes,
  emailActivated,
  solvedCaptcha,
  fixture,
  openActivationLink,
  register,
  registration,
  serve,
  type Fixture,
} from './helpers.ts';

/** POST /_emulator/accounts with `body` as JSON, through a plain Request. */
const postAccount = (f: Fixture, body: unknown): Promise<Response> =>
  f.fetch('/_emulator/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('the admin API', () => {
  it('lists its routes at /_emulator/', async () => {
    const response = await fixture().fetch('/_emulator/');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { routes: Record<string, string> };
    for (const route of [
      'GET /_emulator/outbox',
      'GET /_emulator/captcha/latest',
      'POST /_emulator/accounts',
      'GET /_emulator/state',
      'PUT /_emulator/state',
      'GET /_emulator/faults',
      'PUT /_emulator/faults',
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
    const bad = await f.fetch('/_emulator/state', {
      method: 'PUT',
      body: '{"version": 1,',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /not valid JSON/);
    const wrong = await f.fetch('/_emulator/state', {
      method: 'PUT',
      body: JSON.stringify({ version: 1, accounts: 'none' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(wrong.status, 400);
    assert.match(((await wrong.json()) as { error: string }).error, /nextUserNumber|accounts/);
    const badAccount = { ...before, accounts: [{ ...before.accounts[0]!, emailActivated: 'yes' }] };
    const refused = await f.fetch('/_emulator/state', {
      method: 'PUT',
      body: JSON.stringify(badAccount),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: string }).error, /accounts\[0\]\.emailActivated/);
    assert.deepEqual(f.emulator.exportState(), before);
  });

  it('forgets everything on reset', async () => {
    const f = fixture();
    await emailActivated(f);
    const response = await f.fetch('/_emulator/reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
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

  it('creates a ready-to-use account that signs in at once, and answers it without its password', async () => {
    const f = fixture();
    const response = await postAccount(f, {
      user: 'jdoe',
      password: PASSWORD,
      email_address: 'jane@example.com',
    });
    assert.equal(response.status, 201);
    const text = await response.text();
    assert.ok(!text.includes(PASSWORD), 'the password is not in the answer');
    assert.deepEqual(JSON.parse(text), {
      userNumber: '1000001',
      user: 'jdoe',
      fname: 'Test',
      sname: 'User',
      email: 'jane@example.com',
      company: 'Personal Use',
      countryId: countryByIso('ZA')!.id,
      mobile: '27831234567',
      accountId: '1',
      emailActivated: true,
      smsActivated: false,
    });
    assert.deepEqual(codes(await f.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['ok']);
    assert.deepEqual(f.emulator.outbox(), [], 'an activated account is sent no activation email');
    // Not SMS activated yet: the SMS step works as for a registered account.
    assert.deepEqual(codes(await f.call('send_activation_sms', { user: 'jdoe', password: PASSWORD })), [
      'ok',
    ]);
  });

  it('creates an account with the values given, SMS activated when asked, that can buy credits at once', async () => {
    const f = fixture();
    const response = await postAccount(f, {
      user: 'ravi',
      password: 'chai1234',
      email_address: 'ravi@example.in',
      mobile_number: '919812345678',
      country_id: countryByIso('IN')!.id,
      fname: 'Ravi',
      sname: 'Kumar',
      company: 'Kumar Traders',
      smsActivated: true,
    });
    assert.equal(response.status, 201);
    const account = (await response.json()) as Record<string, unknown>;
    assert.equal(account['mobile'], '919812345678');
    assert.equal(account['countryId'], countryByIso('IN')!.id);
    assert.equal(account['smsActivated'], true);
    assert.deepEqual(codes(await f.call('buy_credits_url', { user: 'ravi', password: 'chai1234' })), ['ok']);
  });

  it('creates an account that still needs email activation when asked, and emails its link', async () => {
    const f = fixture();
    const response = await postAccount(f, {
      user: 'jdoe',
      password: PASSWORD,
      email_address: 'jane@example.com',
      emailActivated: false,
    });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { emailActivated: boolean }).emailActivated, false);
    assert.deepEqual(codes(await f.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['103']);
    assert.equal((await openActivationLink(f, 'jane@example.com')).status, 200);
    assert.deepEqual(codes(await f.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['ok']);
  });

  it('refuses values the register call refuses with a 400 naming each field and code, creating nothing', async () => {
    const f = fixture();
    const response = await postAccount(f, {
      user: 'j doe',
      password: 'abc',
      email_address: 'not an address',
      country_id: '9999',
      mobile_number: '0831234567',
    });
    assert.equal(response.status, 400);
    const { error } = (await response.json()) as { error: string };
    assert.match(error, /^The account was not created: /);
    for (const expected of [
      /user: .*\(431\)/,
      /password: .*\(432\)/,
      /email_address: .*\(416\)/,
      /country_id: .*\(406\)/,
      /mobile_number: .*\(417\)/,
    ])
      assert.match(error, expected);
    assert.ok(!error.includes('abc'), 'the password is not echoed');
    assert.deepEqual(f.emulator.exportState().accounts, []);
  });

  it('refuses a body that is not a JSON object, unknown fields and values of the wrong type, saying why', async () => {
    const f = fixture();
    const valid = { user: 'jdoe', password: PASSWORD, email_address: 'jane@example.com' };
    const cases: [BodyInit, RegExp][] = [
      ['{"user": ', /not valid JSON/],
      ['["jdoe"]', /must be a JSON object/],
      [JSON.stringify({ password: PASSWORD, email_address: 'jane@example.com' }), /user: .*\(431\)/],
      [JSON.stringify({ ...valid, email: 'jane@example.com' }), /"email" is not a field of an account/],
      [JSON.stringify({ ...valid, country_id: 209 }), /"country_id" must be a string/],
      [JSON.stringify({ ...valid, emailActivated: 'yes' }), /"emailActivated" must be true or false/],
      [JSON.stringify({ ...valid, emailActivated: false, smsActivated: true }), /cannot be SMS activated/],
    ];
    for (const [body, expected] of cases) {
      const response = await f.fetch('/_emulator/accounts', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(response.status, 400, String(body));
      assert.match(((await response.json()) as { error: string }).error, expected);
    }
    assert.deepEqual(f.emulator.exportState().accounts, []);
    const get = await f.fetch('/_emulator/accounts');
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  it('answers 409 for a username that is taken, ignoring case, and keeps the first account', async () => {
    const f = fixture();
    await emailActivated(f, 'jdoe');
    const response = await postAccount(f, {
      user: 'JDoe',
      password: 'other123',
      email_address: 'x@example.com',
    });
    assert.equal(response.status, 409);
    assert.match(((await response.json()) as { error: string }).error, /username JDoe is taken/);
    assert.equal(f.emulator.exportState().accounts.length, 1);
    assert.deepEqual(codes(await f.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['ok']);
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

  it('creates a ready-to-use account over HTTP that signs in at once', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/_emulator/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const created = await post({ user: 'httpuser', password: PASSWORD, email_address: 'http@example.com' });
    assert.equal(created.status, 201);
    assert.match(created.headers.get('content-type')!, /application\/json/);
    assert.equal(((await created.json()) as { user: string }).user, 'httpuser');
    const signIn = await fetch(`${server.url}/${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody(buildRequest('authenticate_user', { user: 'httpuser', password: PASSWORD })),
    });
    assert.deepEqual(codes(parseResponse(await signIn.text())), ['ok']);
    assert.equal(
      (await post({ user: 'HTTPUSER', password: PASSWORD, email_address: 'h@example.com' })).status,
      409,
    );
    const invalid = await post({ user: 'x', password: 'short', email_address: 'x@example.com' });
    assert.equal(invalid.status, 400);
    assert.match(((await invalid.json()) as { error: string }).error, /password: .*\(432\)/);
  });

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

  it('refuses writes a web page on another site could send, and takes them from this origin or from no page', async () => {
    await fetch(`${server.url}/_emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    const account = JSON.stringify({ user: 'xsite', password: PASSWORD, email_address: 'x@example.com' });
    // What a form or a fetch without preflight on any page can send: no JSON content type.
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const simple = await fetch(`${server.url}/_emulator/accounts`, {
        method: 'POST',
        headers: { 'content-type': type, origin: 'https://evil.example' },
        body: account,
      });
      assert.equal(simple.status, 403, type);
    }
    const untyped = await fetch(`${server.url}/_emulator/reset`, { method: 'POST', body: 'x' });
    assert.equal(untyped.status, 415);
    assert.match(((await untyped.json()) as { error: string }).error, /content-type: application\/json/);
    const crossSite = await fetch(`${server.url}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:1' },
      body: account,
    });
    assert.equal(crossSite.status, 403);
    assert.equal(emulator.exportState().accounts.length, 0, 'no account was created');

    const sameOrigin = await fetch(`${server.url}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', origin: server.url },
      body: account,
    });
    assert.equal(sameOrigin.status, 201);
    const noPage = await fetch(`${server.url}/_emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(noPage.status, 200);
    // Reading stays open: the outbox is what a person opens in a browser tab.
    assert.equal(
      (await fetch(`${server.url}/_emulator/outbox`, { headers: { origin: 'https://evil.example' } })).status,
      200,
    );
  });
});

describe('faults switched on through the admin API', () => {
  const putFaults = (f: Fixture, faults: unknown) =>
    f.fetch('/_emulator/faults', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });

  it('start all off, and answer what is on with the address of the last call', async () => {
    const f = fixture();
    assert.deepEqual(await (await f.fetch('/_emulator/faults')).json(), {
      blockedIps: [],
      inactiveUsers: [],
      disabledActions: [],
      apiDisabled: false,
      requireHttps: false,
    });
    await f.call('get_list_account', {}, { ip: '198.51.100.7' });
    const after = (await (await f.fetch('/_emulator/faults')).json()) as { lastSourceIp: string };
    assert.equal(after.lastSourceIp, '198.51.100.7');
  });

  it('block a source IP: its every call answers 002, other addresses are served', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.equal((await putFaults(f, { blockedIps: ['198.51.100.7'] })).status, 200);
    for (const action of ['get_list_country', 'get_captcha', 'authenticate_user']) {
      const doc = await f.call(action, { user: 'jdoe', password: PASSWORD }, { ip: '198.51.100.7' });
      assert.deepEqual(doc.errors, [{ code: '002', description: 'Source IP Address Blocked' }], action);
    }
    assert.deepEqual(codes(await f.call('authenticate_user', { user: 'jdoe', password: PASSWORD })), ['ok']);
  });

  it('deactivate an account: its calls answer 006 once the password is right, the wrong password still 404', async () => {
    const f = fixture();
    await emailActivated(f);
    await putFaults(f, { inactiveUsers: ['JDOE'] });
    const creds = { user: 'jdoe', password: PASSWORD };
    assert.deepEqual(codes(await f.call('authenticate_user', { ...creds, password: 'wrongpass1' })), ['404']);
    for (const action of [
      'authenticate_user',
      'sms_activation_status',
      'buy_credits_url',
      'create_connection',
    ])
      assert.deepEqual(codes(await f.call(action, creds)), ['006'], action);
    assert.deepEqual(codes(await f.call('resend_email_activation', creds)), ['006']);
    const forgot = await f.call('forgot_password', {
      user: 'jdoe',
      email_address: 'jdoe@example.com',
      ...(await solvedCaptcha(f)),
    });
    assert.deepEqual(forgot.errors, [{ code: '006', description: 'Account not active' }]);
    await putFaults(f, {});
    assert.deepEqual(codes(await f.call('authenticate_user', creds)), ['ok']);
  });

  it('disable one call: it answers 007, echoing the call, and the others are served', async () => {
    const f = fixture();
    await putFaults(f, { disabledActions: ['send_activation_status', 'get_captcha'] });
    const doc = await f.call('get_captcha');
    assert.deepEqual(doc.errors, [{ code: '007', description: 'Command not allowed' }]);
    assert.equal(doc.action, 'get_captcha');
    assert.deepEqual(codes(await f.call('sms_activation_status', { user: 'a', password: 'b' })), ['007']);
    assert.deepEqual(codes(await f.call('get_list_account')), ['ok']);
    const faults = (await (await f.fetch('/_emulator/faults')).json()) as { disabledActions: string[] };
    assert.deepEqual(faults.disabledActions, ['sms_activation_status', 'get_captcha']);
  });

  it('disable the whole API: every call answers 008', async () => {
    const f = fixture();
    await putFaults(f, { apiDisabled: true });
    for (const action of ['get_list_account', 'register', 'make_tea'])
      assert.deepEqual((await f.call(action)).errors, [{ code: '008', description: 'Connect API disabled' }]);
  });

  it('require https: a call over plain http answers 009', async () => {
    const f = fixture();
    await putFaults(f, { requireHttps: true });
    const doc = await f.call('get_list_account');
    assert.deepEqual(doc.errors, [{ code: '009', description: 'HTTP protocol not allowed, require HTTPS' }]);
  });

  it('are kept in the state, survive an export and import, and go on reset', async () => {
    const f = fixture();
    await putFaults(f, { apiDisabled: true, blockedIps: ['unknown'] });
    const b = fixture();
    b.emulator.importState(f.emulator.exportState());
    assert.deepEqual(codes(await b.call('get_list_account')), ['008']);
    b.emulator.reset();
    assert.deepEqual(codes(await b.call('get_list_account')), ['ok']);
    // A state saved before faults existed still loads, with none on.
    const old = f.emulator.exportState() as Partial<EmulatorState>;
    delete old.faults;
    b.emulator.importState(old);
    assert.deepEqual(codes(await b.call('get_list_account')), ['ok']);
  });

  it('refuses faults that are not faults with a 400 that says why, changing nothing', async () => {
    const f = fixture();
    await putFaults(f, { apiDisabled: true });
    const cases: [unknown, RegExp][] = [
      [{ apiDisabled: 'yes' }, /"apiDisabled" must be true or false/],
      [{ blockedIps: '1.2.3.4' }, /"blockedIps" must be an array/],
      [{ disabledActions: ['make_tea'] }, /"make_tea" is not one of the 16 calls/],
      [{ outage: true }, /"outage" is not a fault/],
      [[], /must be a JSON object/],
    ];
    for (const [body, expected] of cases) {
      const response = await putFaults(f, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.match(((await response.json()) as { error: string }).error, expected);
    }
    assert.deepEqual(codes(await f.call('get_list_account')), ['008']);
  });
});
