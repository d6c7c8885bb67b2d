/**
 * The admin API under /_emulator/: JSON for tests and the demo (outbox, captcha answers,
 * ready-made accounts, faults, state export/import, reset), and the pages the emulator's
 * links lead to (activation, terms, buy credits). It has no authentication: the emulator
 * is a development tool bound to loopback by default. So that a web page the developer
 * visits cannot use it, a write needs a JSON content type (which a cross-site form or
 * simple request cannot send without a preflight) and no Origin, or its own.
 */
import { canonicalParams, getAction, paramSpec, type ActionSpec, type Params } from '../protocol/index.ts';
import { HttpError, decodeUtf8, readBody } from '../server/http.ts';
import { fieldErrors, type Activation } from './calls.ts';
import { countryByIso } from './countries.ts';
import type { ResolvedOptions } from './options.ts';
import {
  StateError,
  checkFaults,
  checkState,
  emptyState,
  type AccountRecord,
  type EmulatorState,
} from './store.ts';
import { escapeHtml, htmlPage, termsDocument } from './terms.ts';

/** The routes, as GET /_emulator/ lists them. */
export const ADMIN_ROUTES: Readonly<Record<string, string>> = {
  'GET /_emulator/': 'this index',
  'GET /_emulator/outbox':
    'emails and SMS sent, newest last ({type, to, subject?, text, link?, code?, at}); ?to= filters by recipient',
  'GET /_emulator/captcha/<captcha_id>': 'the code of an issued captcha ({code})',
  'GET /_emulator/captcha/latest': 'the id and code of the captcha issued last ({captchaId, code})',
  'POST /_emulator/accounts':
    'create a ready-to-use account from JSON {user, password, email_address, mobile_number?, country_id?, fname?, sname?, company?, emailActivated? (true), smsActivated? (false)}; answers 201 with the account, without its password',
  'GET /_emulator/activate/<token>':
    'the email activation link: activates, then redirects to activation_redirect or shows a page',
  'GET /_emulator/terms/<main|cc>.<txt|html>': 'the terms documents get_list_terms points at',
  'GET /_emulator/buy/<id>': 'the buy-credits page buy_credits_url points at (works once)',
  'GET /_emulator/state': 'the whole state as JSON',
  'PUT /_emulator/state': 'replace the whole state with a JSON document from GET ({ok: true})',
  'GET /_emulator/faults':
    'the faults switched on ({blockedIps, inactiveUsers, disabledActions, apiDisabled, requireHttps}) and lastSourceIp, the address of the last API call',
  'PUT /_emulator/faults':
    'switch faults on: JSON {blockedIps?: [ip] (002), inactiveUsers?: [user] (006), disabledActions?: [action] (007), apiDisabled? (008), requireHttps? (009)}; fields left out are off',
  'POST /_emulator/reset': 'forget everything: accounts, captchas, lock-outs, outbox, faults ({ok: true})',
};

/** Methods that change the state, and so need a JSON body from this origin or from no page. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a write is refused, or undefined: a cross-site page can send a simple POST (form or
 * text content type) without asking first, but not a JSON one, and its Origin shows.
 */
function refuseWrite(request: Request, url: URL, origin: string | undefined): Response | undefined {
  const from = request.headers.get('origin');
  if (from !== null && from !== url.origin && from !== origin) {
    return jsonError(
      403,
      `Writes from another origin (${from}) are refused: the admin API is for this machine.`,
    );
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return jsonError(415, "Send writes as JSON, with the header 'content-type: application/json'.");
  }
  return undefined;
}

/** What the admin routes need from the emulator. */
export interface AdminHost {
  readonly options: ResolvedOptions;
  getState(): EmulatorState;
  setState(state: EmulatorState): void;
  /** The account with this username, ignoring case. */
  findUser(user: string): AccountRecord | undefined;
  /** Adds an account from register's parameters, already checked. */
  addAccount(params: Params, origin: string, activated: Activation): AccountRecord;
  /** The source IP of the last call to the API ("unknown" for a call with no address), if any. */
  lastSourceIp(): string | undefined;
}

const NO_STORE = { 'cache-control': 'no-store' };

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2) + '\n', {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE, ...headers },
  });
}

function html(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE } });
}

function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json({ error: message }, status, headers);
}

function allow(method: string, allowed: readonly string[]): Response | undefined {
  if (allowed.includes(method)) return undefined;
  return jsonError(405, `Use ${allowed.join(' or ')} here.`, { allow: allowed.join(', ') });
}

/** The body of a request as JSON, or the 400/413 answer that says why it is not. */
async function readJson(
  request: Request,
  maxBytes: number,
  hint: string,
): Promise<{ value: unknown } | Response> {
  let text: string;
  try {
    const bytes = await readBody(
      request,
      maxBytes,
      () => new HttpError(413, 'too_large', `The body is larger than ${maxBytes} bytes.`),
    );
    text = decodeUtf8(bytes, () => new HttpError(400, 'bad_request', 'The body is not valid UTF-8.'));
  } catch (error) {
    if (error instanceof HttpError) return jsonError(error.status, error.message);
    throw error;
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return jsonError(400, `The body is not valid JSON; ${hint}`);
  }
}

/** The register parameters POST /_emulator/accounts takes, checked by register's own rules. */
const ACCOUNT_FIELDS = [
  'user',
  'password',
  'fname',
  'sname',
  'email_address',
  'company',
  'country_id',
  'mobile_number',
] as const;

const ACCOUNT_SPEC: ActionSpec = {
  ...getAction('register')!,
  params: ACCOUNT_FIELDS.map((name) => paramSpec('register', name)!),
};

// A South African number, as in docs/emulator.md: the emulator can send it an SMS code.
const DEFAULT_MOBILE = '27831234567';

const ACCOUNT_HINT =
  'send an account as {"user": "jdoe", "password": "s3cret99", "email_address": "jane@example.com"}.';

/** A POST /_emulator/accounts body as register's parameters, or what is wrong with it. */
function accountInput(body: unknown): { params: Params; activated: Activation } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return `the body must be a JSON object; ${ACCOUNT_HINT}`;
  const fields = body as Record<string, unknown>;
  const known: readonly string[] = [...ACCOUNT_FIELDS, 'emailActivated', 'smsActivated'];
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    return `${unknown.map((k) => JSON.stringify(k)).join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of an account; the fields are ${known.join(', ')}.`;
  for (const name of ACCOUNT_FIELDS) {
    if (fields[name] !== undefined && typeof fields[name] !== 'string') return `"${name}" must be a string.`;
  }
  for (const name of ['emailActivated', 'smsActivated']) {
    if (fields[name] !== undefined && typeof fields[name] !== 'boolean')
      return `"${name}" must be true or false.`;
  }
  const activated = {
    email: (fields['emailActivated'] as boolean | undefined) ?? true,
    sms: (fields['smsActivated'] as boolean | undefined) ?? false,
  };
  if (activated.sms && !activated.email)
    return 'an account that is not email activated cannot be SMS activated (the API activates by email first).';
  const params: Record<string, string> = {
    fname: 'Test',
    sname: 'User',
    country_id: countryByIso('ZA')!.id,
    mobile_number: DEFAULT_MOBILE,
  };
  for (const name of ACCOUNT_FIELDS) if (fields[name] !== undefined) params[name] = fields[name] as string;
  const canonical = canonicalParams(ACCOUNT_SPEC, params) as Record<string, string>;
  const errors = fieldErrors(ACCOUNT_SPEC, canonical);
  if (errors.length > 0) return `${errors.map((e) => `${e.field}: ${e.message} (${e.code})`).join('; ')}.`;
  return { params: canonical, activated };
}

/** What POST /_emulator/accounts answers: the account without its password or counters. */
function publicAccount(account: AccountRecord): Record<string, string | boolean> {
  const { userNumber, user, fname, sname, email, company, countryId, mobile, accountId } = account;
  return {
    userNumber,
    user,
    fname,
    sname,
    email,
    company,
    countryId,
    mobile,
    accountId,
    emailActivated: account.emailActivated,
    smsActivated: account.smsActivated,
  };
}

/**
 * The id and record of the captcha issued last. Captchas are added to the state as they are
 * issued, and JSON keeps that order through an export and import, so it is the last one.
 */
function latestCaptcha(state: EmulatorState): [string, EmulatorState['captchas'][string]] | undefined {
  return Object.entries(state.captchas).at(-1);
}

/** Answers a request under /_emulator/. */
export async function handleAdmin(request: Request, url: URL, host: AdminHost): Promise<Response> {
  const path = url.pathname.replace(/^\/_emulator\/?/, '');
  const [route = '', arg, ...rest] = path.split('/');
  const method = request.method.toUpperCase();
  const state = host.getState();

  if (rest.length > 0) return jsonError(404, 'There is no such emulator route; GET /_emulator/ lists them.');
  // The method first (405), then, for a write, where it comes from and what it carries.
  const permit = (allowed: readonly string[]): Response | undefined =>
    allow(method, allowed) ??
    (WRITES.has(method) ? refuseWrite(request, url, host.options.origin) : undefined);
  switch (route) {
    case '':
      return permit(['GET']) ?? json({ routes: ADMIN_ROUTES });

    case 'outbox': {
      if (arg !== undefined) break;
      const to = url.searchParams.get('to');
      return permit(['GET']) ?? json(to === null ? state.outbox : state.outbox.filter((m) => m.to === to));
    }

    case 'captcha': {
      if (!arg) break;
      const refused = permit(['GET']);
      if (refused) return refused;
      if (arg === 'latest') {
        const latest = latestCaptcha(state);
        return latest
          ? json({ captchaId: latest[0], code: latest[1].code })
          : jsonError(404, 'No captcha has been issued yet; get_captcha issues one.');
      }
      const captcha = state.captchas[arg.toLowerCase()];
      return captcha ? json({ code: captcha.code }) : jsonError(404, 'No captcha with this id was issued.');
    }

    case 'activate': {
      if (!arg) break;
      const refused = permit(['GET']);
      if (refused) return refused;
      const userNumber = state.activations[arg];
      const account =
        userNumber === undefined ? undefined : state.accounts.find((a) => a.userNumber === userNumber);
      if (!account) {
        return html(
          htmlPage(
            'Activation link not valid',
            '<h1>This activation link is not valid</h1>\n<p>It was already used, or a newer link replaced it.</p>',
          ),
          404,
        );
      }
      delete state.activations[arg];
      account.emailActivated = true;
      if (account.activationRedirect) {
        return new Response(null, {
          status: 303,
          headers: { location: account.activationRedirect, ...NO_STORE },
        });
      }
      return html(
        htmlPage(
          'Account activated',
          `<h1>Account activated</h1>\n<p>The Clickatell account <strong>${escapeHtml(account.user)}</strong> (user number ${escapeHtml(account.userNumber)}) is now email activated. You can sign in.</p>`,
        ),
      );
    }

    case 'terms': {
      if (!arg) break;
      const refused = permit(['GET']);
      if (refused) return refused;
      const doc = termsDocument(arg, host.options.termsCountries);
      if (!doc) return jsonError(404, 'There are no such terms.');
      return new Response(doc.body, { headers: { 'content-type': doc.contentType } });
    }

    case 'buy': {
      if (!arg) break;
      const refused = permit(['GET']);
      if (refused) return refused;
      const link = state.buyLinks[arg];
      const account = link && state.accounts.find((a) => a.userNumber === link.userNumber);
      if (!link || !account || link.used) {
        return html(
          htmlPage(
            'Link not valid',
            '<h1>This buy-credits link is not valid</h1>\n<p>Each link works once. Ask for a new one.</p>',
          ),
          410,
        );
      }
      link.used = true;
      return html(
        htmlPage(
          'Buy credits',
          `<h1>Buy credits</h1>\n<p>This is the emulator's stand-in for Clickatell's buy-credits page, for the account <strong>${escapeHtml(account.user)}</strong> (user number ${escapeHtml(account.userNumber)}). No payment is taken.</p>`,
        ),
      );
    }

    case 'state': {
      if (arg !== undefined) break;
      const refused = permit(['GET', 'PUT']);
      if (refused) return refused;
      if (method === 'GET') return json(state);
      const body = await readJson(request, 50_000_000, 'send a document that GET /_emulator/state returned.');
      if (body instanceof Response) return body;
      try {
        host.setState(checkState(body.value));
      } catch (error) {
        if (error instanceof StateError) return jsonError(400, `The state was not loaded: ${error.message}`);
        throw error;
      }
      return json({ ok: true });
    }

    case 'accounts': {
      if (arg !== undefined) break;
      const refused = permit(['POST']);
      if (refused) return refused;
      const body = await readJson(request, 65_536, ACCOUNT_HINT);
      if (body instanceof Response) return body;
      const input = accountInput(body.value);
      if (typeof input === 'string') return jsonError(400, `The account was not created: ${input}`);
      const user = input.params['user']!;
      if (host.findUser(user))
        return jsonError(409, `The account was not created: the username ${user} is taken.`);
      const account = host.addAccount(input.params, host.options.origin ?? url.origin, input.activated);
      return json(publicAccount(account), 201);
    }

    case 'faults': {
      if (arg !== undefined) break;
      const refused = permit(['GET', 'PUT']);
      if (refused) return refused;
      if (method === 'PUT') {
        const body = await readJson(request, 65_536, 'send faults as {"apiDisabled": true}.');
        if (body instanceof Response) return body;
        try {
          state.faults = checkFaults(body.value);
        } catch (error) {
          if (error instanceof StateError)
            return jsonError(400, `The faults were not changed: ${error.message}`);
          throw error;
        }
      }
      const last = host.lastSourceIp();
      return json({ ...state.faults, ...(last === undefined ? {} : { lastSourceIp: last }) });
    }

    case 'reset': {
      if (arg !== undefined) break;
      const refused = permit(['POST']);
      if (refused) return refused;
      host.setState(emptyState());
      return json({ ok: true });
    }
  }
  return jsonError(404, 'There is no such emulator route; GET /_emulator/ lists them.');
}
