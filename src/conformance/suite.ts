/**
 * The conformance suite of the browser-relay contract (docs/relay.md): black-box checks,
 * over HTTP, of any relay that stands in front of the emulator. Each check has a stable
 * name; a check that needs something the run was not given (the emulator's admin API, an
 * allowed origin, a relay in front of a faulty upstream) is skipped and says what it needs.
 */
import { type ActionName } from '../protocol/actions.ts';
import {
  CLIENT_HEADER,
  CLIENT_HEADER_VALUE,
  RELAY_ERRORS,
  type RelayErrorCode,
} from '../protocol/contract.ts';
import { RETURNS } from '../protocol/returns.ts';
import { termsNodes } from '../relay/terms-html.ts';

export interface ConformanceOptions {
  /** The relay's endpoint URL, e.g. `http://127.0.0.1:8080/connect`. */
  readonly relay: string;
  /** The emulator's base URL, whose admin API (`/_emulator/`) the relay's upstream serves. */
  readonly admin?: string | undefined;
  /** An origin the relay allows cross-origin, for the CORS checks. */
  readonly origin?: string | undefined;
  /** The same relay's endpoint, configured with an upstream where nothing listens. */
  readonly downRelay?: string | undefined;
  /** The same relay's endpoint, configured with an upstream that never answers. */
  readonly slowRelay?: string | undefined;
  /** The token the relay holds, to check that no answer carries it. */
  readonly token?: string | undefined;
  /** Names of checks not to run. */
  readonly skip?: readonly string[] | undefined;
  /** A prefix for the usernames the run creates, unique per run. Default from the clock. */
  readonly runId?: string | undefined;
}

export interface CheckResult {
  readonly name: string;
  readonly outcome: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly detail?: string;
}

/** What a check needs beyond the relay itself; without it the check is skipped. */
type Need = 'admin' | 'origin' | 'down' | 'slow' | 'token';

const NEED_TEXT: Record<Need, string> = {
  admin: 'needs --admin (the emulator admin API)',
  origin: 'needs --origin (an origin the relay allows)',
  down: 'needs --down-relay (the relay in front of an upstream where nothing listens)',
  slow: 'needs --slow-relay (the relay in front of an upstream that never answers)',
  token: 'needs --token (the token the relay holds)',
};

class CheckFailure extends Error {}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: Record<string, unknown> | undefined;
  readonly cookies: readonly string[];
}

/** A browser on the relay's site: keeps the session cookie as a browser would. */
class Client {
  cookie: string | undefined;
  constructor(
    private readonly endpoint: string,
    private readonly seen: string[],
  ) {}

  async request(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; noHeader?: boolean } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (!init.noHeader) headers[CLIENT_HEADER] = CLIENT_HEADER_VALUE;
    if (this.cookie !== undefined) headers['cookie'] = this.cookie;
    const response = await fetch(this.endpoint + path, {
      method: init.method ?? 'GET',
      headers,
      body: init.body,
      redirect: 'manual',
    });
    const text = await response.text();
    const cookies = response.headers.getSetCookie();
    for (const line of cookies) {
      const [pair] = line.split(';');
      if (/;\s*max-age=0\s*(;|$)/i.test(line)) this.cookie = undefined;
      else this.cookie = pair!.trim();
    }
    this.seen.push(`${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}`);
    let body: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body, cookies };
  }

  call(action: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) {
    return this.request('', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ action, params }),
    });
  }

  session() {
    return this.request('/session');
  }

  logout() {
    return this.request('/logout', { method: 'POST' });
  }
}

function short(answer: Answer): string {
  return `${answer.status} ${answer.text.slice(0, 200)}`;
}

function firstError(answer: Answer): { code?: string; field?: string; message?: string } {
  const errors = answer.body?.['errors'];
  return Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null
    ? (errors[0] as { code?: string; field?: string; message?: string })
    : {};
}

/** The answer is the relay's refusal `code`, with its status, maybe about `field`. */
function expectRefusal(answer: Answer, code: RelayErrorCode, field?: string): void {
  const { status } = RELAY_ERRORS[code];
  expect(answer.status === status, `expected ${status} ${code}, got ${short(answer)}`);
  expect(answer.body?.['ok'] === false, `expected ok: false, got ${short(answer)}`);
  const error = firstError(answer);
  expect(error.code === code, `expected code ${code}, got ${short(answer)}`);
  expect(typeof error.message === 'string' && error.message !== '', 'the error has no message');
  if (field !== undefined) expect(error.field === field, `expected field ${field}, got ${short(answer)}`);
  expect(typeof answer.body?.['timestamp'] === 'number', 'the refusal has no numeric timestamp');
  expectStandardHeaders(answer);
}

function expectStandardHeaders(answer: Answer): void {
  expect(
    answer.headers.get('cache-control')?.includes('no-store'),
    'the answer lacks Cache-Control: no-store',
  );
  expect(
    answer.headers.get('x-content-type-options') === 'nosniff',
    'the answer lacks X-Content-Type-Options: nosniff',
  );
}

/** The answer is a success of `action` whose records carry the call's fields. */
function expectSuccess(answer: Answer, action: ActionName): Record<string, string>[] {
  expect(answer.status === 200, `expected 200, got ${short(answer)}`);
  expect(answer.headers.get('content-type')?.startsWith('application/json'), 'the answer is not JSON');
  expectStandardHeaders(answer);
  const body = answer.body ?? {};
  expect(body['action'] === action, `expected action ${action}, got ${short(answer)}`);
  expect(body['ok'] === true, `expected ok: true, got ${short(answer)}`);
  expect(typeof body['timestamp'] === 'number', 'the answer has no numeric timestamp');
  const values = body['values'];
  expect(Array.isArray(values), 'values is not a list');
  for (const record of values as unknown[]) {
    expect(
      typeof record === 'object' && record !== null && !Array.isArray(record),
      'a record is not an object',
    );
    for (const [name, value] of Object.entries(record as Record<string, unknown>)) {
      // content_nodes (HTML terms) is a tree; every other field is a string.
      if (name === 'content_nodes' && action === 'get_list_terms') continue;
      expect(typeof value === 'string', `field ${name} is not a string`);
    }
    for (const field of RETURNS[action]) {
      expect(field in (record as object), `a record lacks ${field}: ${short(answer)}`);
    }
  }
  return values as Record<string, string>[];
}

/** Runs the suite; `report` hears each result as it comes. */
export async function runConformance(
  options: ConformanceOptions,
  report: (result: CheckResult) => void = () => {},
): Promise<CheckResult[]> {
  const endpoint = options.relay.replace(/\/+$/, '');
  const admin = options.admin?.replace(/\/+$/, '');
  const run = options.runId ?? Date.now().toString(36);
  const skip = new Set(options.skip ?? []);
  const results: CheckResult[] = [];
  const seen: string[] = [];
  const passwords: string[] = [];
  const have: Record<Need, boolean> = {
    admin: admin !== undefined,
    origin: options.origin !== undefined,
    down: options.downRelay !== undefined,
    slow: options.slowRelay !== undefined,
    token: options.token !== undefined,
  };

  async function check(name: string, needs: readonly Need[], body: () => Promise<void>): Promise<void> {
    let result: CheckResult;
    const missing = needs.find((need) => !have[need]);
    if (skip.has(name)) result = { name, outcome: 'skip', detail: 'skipped on request' };
    else if (missing) result = { name, outcome: 'skip', detail: NEED_TEXT[missing] };
    else {
      try {
        await body();
        result = { name, outcome: 'pass' };
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        result = { name, outcome: 'fail', detail };
      }
    }
    results.push(result);
    report(result);
  }

  async function adminJson<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(`${admin}/_emulator${path}`, init);
    if (!response.ok) throw new CheckFailure(`the admin API answered ${response.status} to ${path}`);
    return (await response.json()) as T;
  }

  async function captcha(client: Client): Promise<{ captcha_id: string; captcha_code: string }> {
    const answer = await client.call('get_captcha');
    const values = expectSuccess(answer, 'get_captcha');
    const id = values[0]!['captcha_id']!;
    const { code } = await adminJson<{ code: string }>(`/captcha/${id}`);
    return { captcha_id: id, captcha_code: code };
  }

  async function newAccount(tag: string): Promise<{ user: string; password: string; email: string }> {
    const user = `cf${run}${tag}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 60);
    const password = `pw${run}${tag}x`.replace(/[^A-Za-z0-9]/g, '').slice(0, 30);
    const email = `${user}@example.com`;
    passwords.push(password);
    await adminJson('/accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password, email_address: email }),
    });
    return { user, password, email };
  }

  const browser = new Client(endpoint, seen);

  // ---- the 16 calls and their answer shapes ---------------------------------------------

  const listCalls: ActionName[] = [
    'get_list_country',
    'get_list_country_prefix',
    'get_list_account',
    'get_list_callback',
    'get_list_connection',
  ];
  for (const action of listCalls) {
    await check(`call ${action}`, [], async () => {
      const values = expectSuccess(await browser.call(action), action);
      expect(values.length > 0, 'the list is empty');
    });
  }
  await check('call get_list_terms', [], async () => {
    expectSuccess(await browser.call('get_list_terms', { country_id: '0' }), 'get_list_terms');
  });
  await check('call get_captcha', [], async () => {
    const values = expectSuccess(await browser.call('get_captcha'), 'get_captcha');
    expect(/^[0-9a-f]{32}$/i.test(values[0]?.['captcha_id'] ?? ''), 'captcha_id is not 32 hex digits');
  });

  const registered = {
    user: `cfr${run}`.replace(/[^A-Za-z0-9]/g, ''),
    password: `pwr${run}x`.replace(/[^A-Za-z0-9]/g, ''),
  };
  passwords.push(registered.password);
  await check('call register', ['admin'], async () => {
    const values = expectSuccess(
      await browser.call('register', {
        user: registered.user,
        password: registered.password,
        fname: 'Conformance',
        sname: 'Check',
        email_address: `${registered.user}@example.com`,
        country_id: '1',
        mobile_number: '27831234567',
        accept_terms: '1',
        ...(await captcha(browser)),
      }),
      'register',
    );
    expect(values.length === 0, 'register answered records');
  });
  await check('call resend_email_activation', ['admin'], async () => {
    expectSuccess(
      await browser.call('resend_email_activation', { user: registered.user, password: registered.password }),
      'resend_email_activation',
    );
  });
  await check('call forgot_password', ['admin'], async () => {
    const account = await newAccount('fp');
    expectSuccess(
      await browser.call('forgot_password', {
        user: account.user,
        email_address: account.email,
        ...(await captcha(browser)),
      }),
      'forgot_password',
    );
  });

  // ---- the session life cycle ------------------------------------------------------------

  await check('session: anonymous answers 200 {"user": null}', [], async () => {
    const answer = await new Client(endpoint, seen).session();
    expect(answer.status === 200, `expected 200, got ${short(answer)}`);
    expect(answer.body?.['user'] === null, `expected {"user": null}, got ${short(answer)}`);
    expectStandardHeaders(answer);
    const head = await new Client(endpoint, seen).request('/session', { method: 'HEAD' });
    expect(
      head.status === 200 && head.text === '',
      `HEAD answered ${head.status} ${head.text.slice(0, 100)}`,
    );
  });
  await check('session: a call that needs a session answers 401 not_signed_in without one', [], async () => {
    expectRefusal(await new Client(endpoint, seen).call('sms_activation_status'), 'not_signed_in');
  });

  let account: { user: string; password: string; email: string } | undefined;
  let signedInCookie: string | undefined;
  await check('call authenticate_user', ['admin'], async () => {
    account = await newAccount('main');
    const answer = await browser.call('authenticate_user', {
      user: account.user,
      password: account.password,
    });
    const values = expectSuccess(answer, 'authenticate_user');
    expect(/^\d+$/.test(values[0]?.['Usernumber'] ?? ''), 'Usernumber is missing');
    signedInCookie = browser.cookie;
  });
  await check('session: sign-in sets an HttpOnly, SameSite session cookie', ['admin'], async () => {
    expect(signedInCookie !== undefined, 'no cookie was set by the sign-in');
    const name = signedInCookie.split('=')[0];
    expect(
      name === 'ct_connect_session' || name === '__Secure-ct_connect_session',
      `the cookie is named ${name}`,
    );
    const secureEndpoint = endpoint.startsWith('https:');
    expect(
      !secureEndpoint || name === '__Secure-ct_connect_session',
      'a Secure cookie lacks the __Secure- prefix',
    );
    const again = new Client(endpoint, seen);
    const answer = await again.call('authenticate_user', {
      user: account!.user,
      password: account!.password,
    });
    const line = answer.cookies.find((c) => c.startsWith(`${name}=`)) ?? '';
    expect(/;\s*HttpOnly/i.test(line), 'the cookie is not HttpOnly');
    expect(/;\s*SameSite=(Strict|Lax|None)/i.test(line), 'the cookie has no SameSite');
    expect(/;\s*Path=\//i.test(line), 'the cookie has no Path');
    expect(!line.includes(account!.password), 'the cookie carries the password in clear');
  });
  await check('session: /session names the signed-in user', ['admin'], async () => {
    const answer = await browser.session();
    expect(answer.status === 200, `expected 200, got ${short(answer)}`);
    expect(answer.body?.['user'] === account!.user, `expected user ${account!.user}, got ${short(answer)}`);
    expect(/^\d+$/.test(String(answer.body?.['userNumber'])), 'userNumber is missing');
  });
  await check('call send_activation_sms', ['admin'], async () => {
    expectSuccess(await browser.call('send_activation_sms'), 'send_activation_sms');
  });
  await check('call validate_activation_sms', ['admin'], async () => {
    const mails = await adminJson<{ type: string; code?: string }[]>('/outbox?to=27831234567');
    const code = mails.findLast((m) => m.code)?.code;
    expect(code !== undefined, 'the emulator sent no SMS code');
    expectSuccess(
      await browser.call('validate_activation_sms', { sms_activation_code: code }),
      'validate_activation_sms',
    );
  });
  await check('call sms_activation_status', ['admin'], async () => {
    const values = expectSuccess(await browser.call('sms_activation_status'), 'sms_activation_status');
    expect(values[0]?.['Cellphone'] !== undefined, 'Cellphone is missing');
  });
  await check('session: a call without credentials is filled from the session', ['admin'], async () => {
    expectSuccess(await browser.call('sms_activation_status'), 'sms_activation_status');
    expectSuccess(
      await browser.call('sms_activation_status', { user: account!.user }),
      'sms_activation_status',
    );
  });

  await check('call create_connection', ['admin'], async () => {
    const values = expectSuccess(
      await browser.call('create_connection', { api_description: 'conformance <&> "check"' }),
      'create_connection',
    );
    expect((values[0]?.['api_id'] ?? '') !== '', 'api_id is empty');
  });
  await check('call buy_credits_url', ['admin'], async () => {
    const values = expectSuccess(await browser.call('buy_credits_url'), 'buy_credits_url');
    expect(/^https?:\/\//.test(values[0]?.['buy_url'] ?? ''), 'buy_url is not a URL');
  });

  await check('session: a tampered cookie counts as no session and is cleared', ['admin'], async () => {
    expect(signedInCookie !== undefined, 'no session to tamper with');
    const [name, value] = [
      signedInCookie.slice(0, signedInCookie.indexOf('=')),
      signedInCookie.slice(signedInCookie.indexOf('=') + 1),
    ];
    const last = value.at(-2) === 'A' ? 'B' : 'A';
    const forger = new Client(endpoint, seen);
    forger.cookie = `${name}=${value.slice(0, -2)}${last}${value.at(-1)}`;
    const answer = await forger.session();
    expect(
      answer.status === 200 && answer.body?.['user'] === null,
      `expected {"user": null}, got ${short(answer)}`,
    );
    expect(
      answer.cookies.some((c) => c.startsWith(`${name}=`) && /max-age=0/i.test(c)),
      'the cookie was not cleared',
    );
    expectRefusal(await forger.call('sms_activation_status'), 'not_signed_in');
  });
  await check('session: logout answers 200 {"ok": true} and clears the cookie', ['admin'], async () => {
    const copy = browser.cookie;
    const answer = await browser.logout();
    expect(
      answer.status === 200 && answer.body?.['ok'] === true,
      `expected {"ok": true}, got ${short(answer)}`,
    );
    expect(
      answer.cookies.some((c) => /max-age=0/i.test(c)),
      'the cookie was not cleared',
    );
    expect((await browser.session()).body?.['user'] === null, 'still signed in after logout');
    signedInCookie = copy;
  });
  await check(
    'session: a copy of the cookie kept from before logout counts as no session',
    ['admin'],
    async () => {
      const thief = new Client(endpoint, seen);
      thief.cookie = signedInCookie;
      const answer = await thief.session();
      expect(
        answer.status === 200 && answer.body?.['user'] === null,
        `expected {"user": null}, got ${short(answer)}`,
      );
      expectRefusal(await thief.call('sms_activation_status'), 'not_signed_in');
    },
  );
  await check('session: logout without a session answers 200 {"ok": true}', [], async () => {
    const answer = await new Client(endpoint, seen).logout();
    expect(
      answer.status === 200 && answer.body?.['ok'] === true,
      `expected {"ok": true}, got ${short(answer)}`,
    );
  });

  // ---- refusals -----------------------------------------------------------------------------

  await check('refusal: an origin not allowed answers 403 origin_not_allowed', [], async () => {
    expectRefusal(
      await browser.call('get_list_account', {}, { origin: 'https://not-allowed.invalid' }),
      'origin_not_allowed',
    );
  });
  await check('refusal: an allowed origin gets CORS headers, its preflight 204', ['origin'], async () => {
    const origin = options.origin!;
    const preflight = await browser.request('', {
      method: 'OPTIONS',
      noHeader: true,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': `content-type, ${CLIENT_HEADER.toLowerCase()}`,
      },
    });
    expect(preflight.status === 204, `the preflight answered ${preflight.status}`);
    expect(
      preflight.headers.get('access-control-allow-origin') === origin,
      'the preflight does not allow the origin',
    );
    expect(
      (preflight.headers.get('access-control-allow-headers') ?? '')
        .toLowerCase()
        .includes(CLIENT_HEADER.toLowerCase()),
      `the preflight does not allow ${CLIENT_HEADER}`,
    );
    const answer = await browser.call('get_list_account', {}, { origin });
    expectSuccess(answer, 'get_list_account');
    expect(
      answer.headers.get('access-control-allow-origin') === origin,
      'the call does not allow the origin',
    );
    expect(
      answer.headers.get('access-control-allow-credentials') === 'true',
      'the call does not allow credentials',
    );
    expect(
      (answer.headers.get('access-control-expose-headers') ?? '').toLowerCase().includes('retry-after'),
      'the call does not expose Retry-After',
    );
    expect(
      (answer.headers.get('vary') ?? '').toLowerCase().includes('origin'),
      'the call has no Vary: Origin',
    );
  });
  await check(`refusal: a call without ${CLIENT_HEADER} answers 403 header_missing`, [], async () => {
    expectRefusal(
      await browser.request('', {
        method: 'POST',
        noHeader: true,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'get_list_account' }),
      }),
      'header_missing',
    );
  });
  await check('refusal: another method answers 405 method_not_allowed with Allow', [], async () => {
    const answer = await browser.request('', { method: 'GET' });
    expectRefusal(answer, 'method_not_allowed');
    expect((answer.headers.get('allow') ?? '').includes('POST'), 'the answer has no Allow: POST');
  });
  await check('refusal: another path answers 404 not_found', [], async () => {
    expectRefusal(await browser.request('/nothing-here', { method: 'POST', body: '{}' }), 'not_found');
  });
  await check('refusal: a body that is not JSON answers 400 bad_request', [], async () => {
    expectRefusal(await browser.request('', { method: 'POST', body: '{"action":' }), 'bad_request');
    expectRefusal(await browser.request('', { method: 'POST', body: '[1]' }), 'bad_request');
    expectRefusal(
      await browser.request('', { method: 'POST', body: '{"params":{}}' }),
      'bad_request',
      'action',
    );
    expectRefusal(
      await browser.request('', {
        method: 'POST',
        body: '{"action":"get_list_terms","params":{"country_id":1}}',
      }),
      'bad_request',
    );
  });
  await check('refusal: a body too large answers 413 too_large', [], async () => {
    const body = JSON.stringify({ action: 'get_list_account', params: { padding: 'x'.repeat(1_100_000) } });
    expectRefusal(await browser.request('', { method: 'POST', body }), 'too_large');
  });
  await check('refusal: an unknown action answers 403 action_not_allowed', [], async () => {
    expectRefusal(await browser.call('delete_everything'), 'action_not_allowed', 'action');
  });
  await check('refusal: an unknown parameter answers 400 unknown_param', [], async () => {
    expectRefusal(await browser.call('get_list_account', { extra: '1' }), 'unknown_param', 'extra');
  });
  await check('refusal: a value longer than the API allows answers 400 too_long', [], async () => {
    const answer = await browser.call('forgot_password', {
      user: 'a'.repeat(129),
      email_address: 'a@example.com',
    });
    expectRefusal(answer, 'too_long', 'user');
    expect(/128/.test(firstError(answer).message ?? ''), 'the message does not name the limit (128)');
  });
  await check('refusal: a value XML cannot carry answers 400 unsendable_value', [], async () => {
    expectRefusal(
      await browser.call('forgot_password', { user: 'bell\u0007', email_address: 'a@example.com' }),
      'unsendable_value',
      'user',
    );
  });
  await check(
    'refusal: an upstream where nothing listens answers 502 upstream_unreachable',
    ['down'],
    async () => {
      expectRefusal(
        await new Client(options.downRelay!.replace(/\/+$/, ''), seen).call('get_list_account'),
        'upstream_unreachable',
      );
    },
  );
  await check('refusal: an upstream that never answers answers 504 upstream_timeout', ['slow'], async () => {
    expectRefusal(
      await new Client(options.slowRelay!.replace(/\/+$/, ''), seen).call('get_list_account'),
      'upstream_timeout',
    );
  });

  // ---- the relay's own additions ----------------------------------------------------------

  await check('addition: get_list_terms carries the terms content', [], async () => {
    const values = expectSuccess(await browser.call('get_list_terms', { country_id: '1' }), 'get_list_terms');
    const record = values[0] ?? {};
    expect((record['content'] ?? '') !== '', 'the record has no content');
    expect(
      ['text/plain', 'text/html'].includes(record['content_type'] ?? ''),
      'content_type is not text/plain or text/html',
    );
  });
  await check('addition: HTML terms carry content_nodes, text terms none', [], async () => {
    const text = expectSuccess(
      await browser.call('get_list_terms', { country_id: '1', terms_format: '1' }),
      'get_list_terms',
    )[0];
    expect(text?.['content_type'] === 'text/plain', "the emulator's text terms are not text/plain");
    expect(!('content_nodes' in text), 'a text terms record has content_nodes');
    // The same tree twice: as made, and as the list cache keeps it.
    for (const when of ['', ' (cached)']) {
      const html = expectSuccess(
        await browser.call('get_list_terms', { country_id: '1', terms_format: '2' }),
        'get_list_terms',
      )[0] as unknown as Record<string, unknown> | undefined;
      expect(html?.['content_type'] === 'text/html', `the emulator's HTML terms are not text/html${when}`);
      // The emulator's terms are a well-formed document: every relay's parser gives the tree
      // of the HTML standard's (docs/relay.md, "HTML terms").
      const expected = termsNodes(String(html['content']), String(html['URL_location']));
      const got = JSON.stringify(html['content_nodes']);
      expect(
        got === JSON.stringify(expected),
        `content_nodes${when} is not the document's tree: ${got?.slice(0, 200)}`,
      );
    }
  });
  await check(
    "addition: get_list_terms without a country gets the caller's client_ip_address",
    [],
    async () => {
      // The emulator answers 429 when neither country_id nor client_ip_address is sent.
      const values = expectSuccess(await browser.call('get_list_terms'), 'get_list_terms');
      expect(values.length === 1, 'no terms record');
    },
  );
  await check('addition: get_list_country records carry iso_code', [], async () => {
    const values = expectSuccess(await browser.call('get_list_country'), 'get_list_country');
    const za = values.find((v) => v['name'] === 'South Africa');
    expect(za?.['iso_code'] === 'ZA', 'South Africa has no iso_code ZA');
    for (const record of values)
      if ('iso_code' in record)
        expect(/^[A-Z]{2}$/.test(record['iso_code']!), `iso_code ${record['iso_code']} is not two capitals`);
  });
  await check('addition: list answers are cached', [], async () => {
    const first = await browser.call('get_list_callback');
    expectSuccess(first, 'get_list_callback');
    // The API stamps each answer in whole seconds: past the next second, only a cached
    // answer still carries the first stamp.
    const next = ((first.body?.['timestamp'] as number) + 1) * 1000 + 50;
    while (Date.now() < next) await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await browser.call('get_list_callback');
    expectSuccess(second, 'get_list_callback');
    expect(
      second.body?.['timestamp'] === first.body?.['timestamp'],
      'the second answer was not the cached one',
    );
  });

  // ---- limits (last: they leave counts behind) ------------------------------------------------

  await check(
    'refusal: too many calls for one username answer 429 rate_limited with Retry-After',
    [],
    async () => {
      const user = `cfrate${run}`.replace(/[^A-Za-z0-9]/g, '');
      for (let i = 0; i < 500; i++) {
        const answer = await browser.call('forgot_password', { user, email_address: `${user}@example.com` });
        if (answer.status === 429) {
          expectRefusal(answer, 'rate_limited');
          expect(/^\d+$/.test(answer.headers.get('retry-after') ?? ''), 'no Retry-After in seconds');
          return;
        }
        expect(answer.status === 200, `expected 200 or 429, got ${short(answer)}`);
      }
      throw new CheckFailure('500 calls for one username were never limited');
    },
  );
  await check(
    'refusal: repeated failed sign-ins answer 429 sign_in_limited with Retry-After',
    [],
    async () => {
      const user = `cfsign${run}`.replace(/[^A-Za-z0-9]/g, '');
      for (let i = 0; i < 30; i++) {
        const answer = await browser.call('authenticate_user', { user, password: `wrong${i}pass` });
        passwords.push(`wrong${i}pass`);
        if (answer.status === 429) {
          expectRefusal(answer, 'sign_in_limited');
          expect(/^\d+$/.test(answer.headers.get('retry-after') ?? ''), 'no Retry-After in seconds');
          return;
        }
        expect(
          answer.status === 200 && answer.body?.['ok'] === false,
          `expected a refused sign-in, got ${short(answer)}`,
        );
      }
      throw new CheckFailure('30 failed sign-ins were never limited');
    },
  );

  // ---- secrets ----------------------------------------------------------------------------------

  await check('secrets: no answer echoes a password', [], async () => {
    expect(seen.length > 0, 'the relay gave no answers to scan');
    for (const text of seen)
      for (const password of passwords) expect(!text.includes(password), 'an answer carried a password');
  });
  await check('secrets: no answer carries the token', ['token'], async () => {
    expect(seen.length > 0, 'the relay gave no answers to scan');
    for (const text of seen) expect(!text.includes(options.token!), 'an answer carried the token');
  });

  return results;
}
