/**
 * `createEmulator`: an in-memory Connect API that speaks docs/protocol.md's wire format at
 * `POST /<token>` (form field `XML`) and `GET /<token>?XML=...`, plus the admin API under
 * `/_emulator/`. A Fetch-standard handler: the relay can use it as its upstream with no
 * network, and `toNodeListener` mounts it on Node.
 */
import { errorMessage } from '../protocol/errors.ts';
import { canonicalParams } from '../protocol/validate.ts';
import { CodecError, buildResponse, parseRequest, readFormField, type WireError } from '../protocol/xml.ts';
import { HttpError, decodeUtf8, readBody, type ConnectionInfo, type FetchHandler } from '../server/http.ts';
import { handleAdmin } from './admin.ts';
import { Calls, type Outcome } from './calls.ts';
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from './options.ts';
import { checkState, emptyState, type EmulatorState, type OutboxMessage } from './store.ts';

/** The emulator: a FetchHandler with a few typed helpers for tests and the demo. */
export interface Emulator extends FetchHandler {
  fetch(request: Request, info?: ConnectionInfo): Promise<Response>;
  /**
   * True for `/_emulator/...` and `/<token>` for the tokens it accepts, so as middleware it
   * leaves `/favicon.ico` and the like to the next handler. Called directly, `fetch` still
   * answers any other `/<segment>` with 005.
   */
  handles(url: URL): boolean;
  /** The options with their defaults filled in. */
  readonly options: ResolvedOptions;
  /** Every message sent so far, newest last. */
  outbox(): readonly OutboxMessage[];
  /** The code of an issued captcha, or undefined. */
  captchaCode(captchaId: string): string | undefined;
  /** A deep copy of the whole state. */
  exportState(): EmulatorState;
  /** Replaces the whole state; throws StateError when `state` is not one. */
  importState(state: unknown): void;
  /** Forgets everything. */
  reset(): void;
}

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' };
// Characters a description must not carry into the answer (they could not be sent).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/** Creates an emulator; see EmulatorOptions for every option and its default. */
export function createEmulator(options: EmulatorOptions): Emulator {
  const resolved = resolveOptions(options);
  let state = emptyState();
  const env = {
    get state() {
      return state;
    },
    options: resolved,
  };
  const calls = new Calls(env);
  // Shown by GET /_emulator/faults, so a person can block the address their relay calls from.
  let lastSourceIp: string | undefined;

  const timestamp = (): number => Math.floor(resolved.clock() / 1000);

  function answer(action: string, outcome: Outcome, status = 200): Response {
    const doc =
      'values' in outcome
        ? { action, result: 'Success' as const, values: outcome.values, errors: [], timestamp: timestamp() }
        : {
            action,
            result: 'Error' as const,
            values: [],
            errors: outcome.errors.map((e) => ({
              code: e.code,
              description: e.description.replace(UNSAFE, '?'),
            })),
            timestamp: timestamp(),
          };
    let body: string;
    try {
      body = buildResponse(doc);
    } catch {
      // An action name that cannot be echoed safely: answer without it.
      body = buildResponse({ ...doc, action: '' });
    }
    return new Response(body, { status, headers: XML_HEADERS });
  }

  // Every Description is the guide's text for its code; what went wrong goes to the log.
  const fail = (action: string, code: string, status = 200): Response =>
    answer(action, { errors: [{ code, description: errorMessage(code) } satisfies WireError] }, status);

  const unreadable = (action: string, detail: string, status = 200): Response => {
    resolved.log(`emulator 999 ${action || '-'}: ${detail}`);
    return fail(action, '999', status);
  };

  async function readXml(request: Request, url: URL): Promise<string | undefined> {
    const query = url.search.startsWith('?') ? url.search.slice(1) : url.search;
    if (request.method.toUpperCase() === 'GET') return readFormField(query, 'XML');
    const bytes = await readBody(
      request,
      resolved.maxBodyBytes,
      () => new HttpError(413, '999', `The request body is larger than ${resolved.maxBodyBytes} bytes.`),
    );
    const body = decodeUtf8(bytes, () => new CodecError('The request body is not valid UTF-8.'));
    return readFormField(body, 'XML') ?? readFormField(query, 'XML');
  }

  /**
   * The validation flow every call goes through before its own checks (docs/emulator.md):
   * token 005, https 009, a readable document 999, the API switched on 008, the source IP
   * 002, a known action 430, the action switched on 007.
   */
  async function api(
    request: Request,
    url: URL,
    token: string,
    info: ConnectionInfo | undefined,
  ): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      const response = unreadable(
        '',
        `${method} is not allowed: use POST with a form field XML, or GET with ?XML=.`,
        405,
      );
      response.headers.set('allow', 'GET, POST');
      return response;
    }
    if (!resolved.tokens.includes(token)) return fail('', '005');
    const ip = info?.remoteAddress ?? 'unknown';
    lastSourceIp = ip;
    const { faults } = state;
    // TLS belongs to a connection: a call handed over in the same process has none.
    const secure = info !== undefined && url.protocol === 'https:';
    if ((resolved.requireHttps || faults.requireHttps) && !secure) return fail('', '009');

    let xml: string | undefined;
    try {
      xml = await readXml(request, url);
    } catch (error) {
      if (error instanceof HttpError) return unreadable('', error.message, error.status);
      if (error instanceof CodecError) return unreadable('', error.message);
      throw error;
    }
    if (xml === undefined) {
      return unreadable(
        '',
        'The request has no XML field: send the document as the form field XML (application/x-www-form-urlencoded).',
      );
    }
    let decoded;
    try {
      decoded = parseRequest(xml);
    } catch (error) {
      if (!(error instanceof CodecError)) throw error;
      // A registration value that is not one piece of text is invalid registration data.
      if (error.action === 'register' && error.field !== undefined) {
        resolved.log(`emulator 414 register: ${error.message}`);
        return fail('register', '414');
      }
      return unreadable(error.action ?? '', error.message);
    }
    const action = decoded.spec?.name ?? decoded.action;
    if (faults.apiDisabled) return fail(action, '008');
    if (faults.blockedIps.includes(ip)) return fail(action, '002');
    if (!decoded.spec) return fail(decoded.action, '430');
    if (faults.disabledActions.includes(decoded.spec.name)) return fail(action, '007');
    const origin = resolved.origin ?? url.origin;
    // Ids in one spelling from here on ("04" is "4"), for every rule that compares them.
    const params = canonicalParams(decoded.spec, decoded.params);
    const outcome = calls.run({ spec: decoded.spec, params, ip, origin });
    return answer(decoded.spec.name, outcome);
  }

  const tokenOf = (url: URL): string | undefined => {
    const match = /^\/([^/]+)$/.exec(url.pathname);
    if (!match || match[1] === '_emulator') return undefined;
    try {
      return decodeURIComponent(match[1]!);
    } catch {
      return match[1];
    }
  };

  const emulator: Emulator = {
    options: resolved,

    handles(url) {
      if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) return true;
      const token = tokenOf(url);
      return token !== undefined && resolved.tokens.includes(token);
    },

    async fetch(request, info) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return Response.json({ error: 'The request URL is not valid.' }, { status: 400 });
      }
      const isAdmin = url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/');
      try {
        if (isAdmin)
          return await handleAdmin(request, url, {
            options: resolved,
            getState: () => state,
            setState: (s) => (state = s),
            findUser: (user) => calls.findUser(user),
            addAccount: (params, origin, activated) => calls.addAccount(params, origin, activated),
            lastSourceIp: () => lastSourceIp,
          });
        const token = tokenOf(url);
        if (token === undefined) {
          return Response.json(
            { error: 'Nothing here: the Connect API is at /<token>, the admin API at /_emulator/.' },
            { status: 404 },
          );
        }
        return await api(request, url, token, info);
      } catch (error) {
        // Never a stack: the caller learns only that the emulator failed; the log says how.
        resolved.log(
          `emulator failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
        );
        if (isAdmin) return Response.json({ error: 'The emulator failed unexpectedly.' }, { status: 500 });
        return fail('', '999');
      }
    },

    outbox: () => state.outbox.map((m) => ({ ...m })),
    captchaCode: (id) => state.captchas[id.toLowerCase()]?.code,
    exportState: () => structuredClone(state),
    importState: (value) => {
      state = checkState(value);
    },
    reset: () => {
      state = emptyState();
    },
  };
  return emulator;
}
