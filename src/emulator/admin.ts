/**
 * The admin API under /_emulator/: JSON for tests and the demo (outbox, captcha answers,
 * state export/import, reset), and the pages the emulator's links lead to (activation,
 * terms, buy credits). It has no authentication: the emulator is a development tool bound
 * to loopback by default.
 */
import { HttpError, decodeUtf8, readBody } from '../server/http.ts';
import type { ResolvedOptions } from './options.ts';
import { StateError, checkState, emptyState, type EmulatorState } from './store.ts';
import { escapeHtml, htmlPage, termsDocument } from './terms.ts';

/** The routes, as GET /_emulator/ lists them. */
export const ADMIN_ROUTES: Readonly<Record<string, string>> = {
  'GET /_emulator/': 'this index',
  'GET /_emulator/outbox':
    'emails and SMS sent, newest last ({type, to, subject?, text, link?, code?, at}); ?to= filters by recipient',
  'GET /_emulator/captcha/<captcha_id>': 'the code of an issued captcha ({code})',
  'GET /_emulator/captcha/latest': 'the id and code of the captcha issued last ({captchaId, code})',
  'GET /_emulator/activate/<token>':
    'the email activation link: activates, then redirects to activation_redirect or shows a page',
  'GET /_emulator/terms/<main|cc>.<txt|html>': 'the terms documents get_list_terms points at',
  'GET /_emulator/buy/<id>': 'the buy-credits page buy_credits_url points at (works once)',
  'GET /_emulator/state': 'the whole state as JSON',
  'PUT /_emulator/state': 'replace the whole state with a JSON document from GET',
  'POST /_emulator/reset': 'forget everything: accounts, captchas, lock-outs, outbox',
};

/** What the admin routes need from the emulator. */
export interface AdminHost {
  readonly options: ResolvedOptions;
  getState(): EmulatorState;
  setState(state: EmulatorState): void;
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
  switch (route) {
    case '':
      return allow(method, ['GET']) ?? json({ routes: ADMIN_ROUTES });

    case 'outbox': {
      if (arg !== undefined) break;
      const to = url.searchParams.get('to');
      return (
        allow(method, ['GET']) ?? json(to === null ? state.outbox : state.outbox.filter((m) => m.to === to))
      );
    }

    case 'captcha': {
      if (!arg) break;
      const refused = allow(method, ['GET']);
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
      const refused = allow(method, ['GET']);
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
      const refused = allow(method, ['GET']);
      if (refused) return refused;
      const doc = termsDocument(arg, host.options.termsCountries);
      if (!doc) return jsonError(404, 'There are no such terms.');
      return new Response(doc.body, { headers: { 'content-type': doc.contentType } });
    }

    case 'buy': {
      if (!arg) break;
      const refused = allow(method, ['GET']);
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
      const refused = allow(method, ['GET', 'PUT']);
      if (refused) return refused;
      if (method === 'GET') return json(state);
      let text: string;
      try {
        const bytes = await readBody(
          request,
          50_000_000,
          () => new HttpError(413, 'too_large', 'The state is too large.'),
        );
        text = decodeUtf8(bytes, () => new HttpError(400, 'bad_request', 'The body is not valid UTF-8.'));
      } catch (error) {
        if (error instanceof HttpError) return jsonError(error.status, error.message);
        throw error;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return jsonError(
          400,
          'The body is not valid JSON; send a document that GET /_emulator/state returned.',
        );
      }
      try {
        host.setState(checkState(parsed));
      } catch (error) {
        if (error instanceof StateError) return jsonError(400, `The state was not loaded: ${error.message}`);
        throw error;
      }
      return json({ ok: true });
    }

    case 'reset': {
      if (arg !== undefined) break;
      const refused = allow(method, ['POST']);
      if (refused) return refused;
      host.setState(emptyState());
      return json({ ok: true });
    }
  }
  return jsonError(404, 'There is no such emulator route; GET /_emulator/ lists them.');
}
