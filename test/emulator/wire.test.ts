import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildRequest, formBody, parseResponse } from '../../src/protocol/xml.ts';
import { createEmulator, seededRandomBytes } from '../../src/emulator/index.ts';
import { TOKEN, codes, fixture, serve } from './helpers.ts';

describe('the wire format over real loopback HTTP', () => {
  const logged: string[] = [];
  const emulator = createEmulator({ tokens: [TOKEN], log: (line) => logged.push(line) });
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve(emulator);
  });
  after(() => server.close());

  const post = (body: BodyInit, path = `/${TOKEN}`, contentType = 'application/x-www-form-urlencoded') =>
    fetch(server.url + path, { method: 'POST', headers: { 'content-type': contentType }, body });

  it("answers the guide's own example request as a form post, as UTF-8 XML", async () => {
    const response = await post(
      formBody('<clickatellsdk>\n          <Action>get_list_country</Action>\n</clickatellsdk>'),
    );
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
    const doc = parseResponse(await response.text());
    assert.equal(doc.result, 'Success');
    assert.equal(doc.action, 'get_list_country');
    assert.deepEqual(doc.values[0], { country_id: '1', name: 'Afghanistan' });
  });

  it('answers the same document sent in the query string of a GET', async () => {
    const response = await fetch(
      `${server.url}/${TOKEN}?XML=${encodeURIComponent('<clickatellsdk><action>get_list_account</action></clickatellsdk>')}`,
    );
    const doc = parseResponse(await response.text());
    assert.equal(doc.result, 'Success');
    assert.ok(doc.values.some((v) => v['account_type'] === 'International'));
  });

  it('answers with a Unix-seconds timestamp', async () => {
    const doc = parseResponse(await (await post(formBody(buildRequest('get_list_callback')))).text());
    assert.ok(Math.abs(doc.timestamp - Date.now() / 1000) < 3600);
  });

  it('answers 005 to a token it does not know', async () => {
    const doc = parseResponse(
      await (await post(formBody(buildRequest('get_list_account')), '/not-the-token')).text(),
    );
    assert.deepEqual(codes(doc), ['005']);
  });

  it('answers 430 to an action it does not know, echoing the action', async () => {
    const doc = parseResponse(await (await post(formBody(buildRequest('make_tea')))).text());
    assert.deepEqual(codes(doc), ['430']);
    assert.equal(doc.action, 'make_tea');
  });

  it("accepts the guide's other spellings of actions and mixed-case element names", async () => {
    const doc = parseResponse(
      await (
        await post(formBody('<CLICKATELLSDK><ACTION>Get_List_Connection</ACTION></CLICKATELLSDK>'))
      ).text(),
    );
    assert.equal(doc.result, 'Success');
    assert.equal(doc.action, 'get_list_connection');
  });

  const tenMegabytes = 'XML=' + 'a'.repeat(10 * 1024 * 1024);
  const billionLaughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ).join('') +
    ']><clickatellsdk><action>&lol9;</action></clickatellsdk>';
  const corpus: [string, () => Promise<Response>, RegExp][] = [
    ['a body that is not XML', () => post(formBody('hello, is this the API?')), /well-formed|root/],
    [
      'a document with the wrong root',
      () => post(formBody('<request><action>get_captcha</action></request>')),
      /root/,
    ],
    ['a billion-laughs entity bomb', () => post(formBody(billionLaughs)), /DOCTYPE|entit/],
    [
      'a DOCTYPE',
      () =>
        post(
          formBody(
            '<!DOCTYPE clickatellsdk SYSTEM "file:///etc/passwd"><clickatellsdk><action>get_captcha</action></clickatellsdk>',
          ),
        ),
      /DOCTYPE/,
    ],
    ['a 10 MB body', () => post(tenMegabytes), /larger than/],
    [
      'percent-encoded bytes that are not UTF-8',
      () => post('XML=%3Cclickatellsdk%3E%FF%FE%3C%2Fclickatellsdk%3E'),
      /UTF-8/,
    ],
    [
      'raw body bytes that are not UTF-8',
      () => post(Uint8Array.of(0x58, 0x4d, 0x4c, 0x3d, 0xc3, 0x28)),
      /UTF-8/,
    ],
    ['a form without the XML field', () => post('xml_data=%3Cclickatellsdk%2F%3E'), /XML field/],
    ['an empty body', () => post(''), /XML field/],
    ['a JSON body', () => post('{"action":"get_captcha"}', `/${TOKEN}`, 'application/json'), /XML field/],
    [
      'a document without an action',
      () => post(formBody('<clickatellsdk><user>x</user></clickatellsdk>')),
      /action/,
    ],
    ['an empty XML field', () => post('XML='), /empty/],
  ];
  for (const [what, send, message] of corpus) {
    it(`answers ${what} with error XML 999 "Unknown error", logs what was wrong, and keeps serving`, async () => {
      logged.length = 0;
      const response = await send();
      assert.equal(response.headers.get('content-type'), 'text/xml; charset=utf-8');
      const text = await response.text();
      assert.doesNotMatch(text, /at .*\.ts:\d+|Error: /, 'no stack trace');
      const doc = parseResponse(text);
      assert.deepEqual(doc.errors, [{ code: '999', description: 'Unknown error' }]);
      assert.equal(logged.length, 1);
      assert.match(logged[0]!, /^emulator 999 /);
      assert.match(logged[0]!, message);
      const next = parseResponse(await (await post(formBody(buildRequest('get_list_account')))).text());
      assert.equal(next.result, 'Success', 'a normal call right after succeeds');
    });
  }

  it('answers other HTTP methods with 405 and error XML', async () => {
    const response = await fetch(`${server.url}/${TOKEN}`, { method: 'PUT', body: 'x' });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, POST');
    assert.deepEqual(parseResponse(await response.text()).errors, [
      { code: '999', description: 'Unknown error' },
    ]);
  });

  it('carries XML metacharacters in every field as data and answers them back escaped', async () => {
    const nasty = `a</user><action>get_captcha</action>&amp;]]><![CDATA[x]]>"'`;
    const params = Object.fromEntries(
      [
        'user',
        'password',
        'fname',
        'sname',
        'email_address',
        'company',
        'country_id',
        'mobile_number',
        'captcha_id',
        'captcha_code',
        'accept_terms',
        'coupon_code',
        'activation_redirect',
      ].map((n) => [n, nasty]),
    );
    const response = await post(formBody(buildRequest('register', params)));
    const doc = parseResponse(await response.text());
    assert.equal(doc.action, 'register');
    assert.deepEqual(codes(doc), [
      '431',
      '432',
      '400',
      '401',
      '433',
      '434',
      '416',
      '435',
      '406',
      '417',
      '409',
      '415',
    ]);
    const echo = parseResponse(await (await post(formBody(buildRequest(nasty)))).text());
    assert.deepEqual(codes(echo), ['430']);
    assert.equal(echo.action, nasty, 'an unknown action is echoed back intact, escaped');
  });
});

describe('the wire format with plain Requests', () => {
  it('refuses plain http with 009 when HTTPS is required, and serves https', async () => {
    const f = fixture({ requireHttps: true });
    assert.deepEqual(codes(await f.call('get_list_account')), ['009']);
    const request = () =>
      new Request(`https://emulator.test/${TOKEN}`, {
        method: 'POST',
        body: formBody(buildRequest('get_list_account')),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const response = await f.emulator.fetch(request(), { remoteAddress: '192.0.2.1' });
    assert.equal(parseResponse(await response.text()).result, 'Success');
    // A call handed over in the same process came over no connection, so over no TLS.
    const inProcess = await f.emulator.fetch(request());
    assert.deepEqual(codes(parseResponse(await inProcess.text())), ['009']);
  });

  it('serves plain http by default', async () => {
    assert.deepEqual(codes(await fixture().call('get_list_account')), ['ok']);
  });

  it('accepts any of several tokens', async () => {
    const f = fixture({ tokens: ['one', 'two'] });
    for (const token of ['one', 'two', 'three']) {
      const response = await f.fetch(`/${token}?XML=${encodeURIComponent(buildRequest('get_list_account'))}`);
      assert.deepEqual(codes(parseResponse(await response.text())), token === 'three' ? ['005'] : ['ok']);
    }
  });

  it('claims only its token endpoints and the admin API when used as middleware', () => {
    const { emulator } = fixture();
    const handles = (path: string) => emulator.handles(new URL(path, 'http://x'));
    assert.equal(handles(`/${TOKEN}`), true);
    assert.equal(handles(`/${TOKEN}?XML=x`), true);
    assert.equal(handles('/favicon.ico'), false);
    assert.equal(handles('/_emulator'), true);
    assert.equal(handles('/_emulator/outbox'), true);
    assert.equal(handles('/'), false);
    assert.equal(handles('/app/index.html'), false);
  });

  it('answers a path that is neither a token nor the admin API with a 404', async () => {
    const response = await fixture().fetch('/a/b');
    assert.equal(response.status, 404);
  });
});

describe('robustness', () => {
  it('answers a few hundred random bodies, byte soup and XML-ish fragments alike, with well-formed XML and keeps serving', async () => {
    const f = fixture();
    const bytes = seededRandomBytes(7);
    const pieces = [
      '<clickatellsdk>',
      '</clickatellsdk>',
      '<action>',
      '</action>',
      'register',
      '<user>',
      '</user>',
      '&',
      '&amp;',
      '<!',
      ']]>',
      '<?xml?>',
      '%',
      '+',
      '=',
      'XML=',
      '&XML=',
      '\u0000',
      'é',
      '%FF',
      '%3C',
    ];
    for (let i = 0; i < 300; i++) {
      const [kind = 0, length = 0] = bytes(2);
      let body: BodyInit;
      if (kind % 2 === 0) {
        body = Buffer.from(bytes(length));
      } else {
        body = 'XML=' + Array.from(bytes(length % 40), (b) => pieces[b % pieces.length]).join('');
      }
      const response = await f.fetch(`/${TOKEN}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const text = await response.text();
      const doc = parseResponse(text);
      assert.equal(doc.result, 'Error', text);
      assert.doesNotMatch(text, /\.ts:\d+/);
    }
    assert.deepEqual(codes(await f.call('get_list_account')), ['ok']);
  });

  it('answers a GET without a query and a request without a source address', async () => {
    const f = fixture();
    assert.deepEqual(codes(parseResponse(await (await f.fetch(`/${TOKEN}`)).text())), ['999']);
    const response = await f.emulator.fetch(
      new Request(`http://x/${TOKEN}?XML=${encodeURIComponent(buildRequest('get_captcha'))}`),
    );
    assert.deepEqual(codes(parseResponse(await response.text())), ['ok']);
  });

  it('refuses a document nested deeper than the codec allows', async () => {
    const f = fixture();
    const deep = `<clickatellsdk><action>get_captcha</action>${'<a>'.repeat(50)}${'</a>'.repeat(50)}</clickatellsdk>`;
    const response = await f.fetch(`/${TOKEN}`, {
      method: 'POST',
      body: formBody(deep),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const doc = parseResponse(await response.text());
    assert.deepEqual(doc.errors, [{ code: '999', description: 'Unknown error' }]);
    assert.match(f.logged.join('\n'), /deeper/);
  });
});
