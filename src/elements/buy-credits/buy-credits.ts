import { nothing, type PropertyDeclarations } from 'lit';
import { ConnectError } from '../../client/connect-error.ts';
import { CtElement, formSlot } from '../internal/ct-element.ts';
import { FormController } from '../internal/form-controller.ts';
import { loadMessages } from '../../strings/index.ts';

/**
 * The buy-credits URL if it may be opened, else undefined: `https:` always; `http:` only
 * on one of `httpOrigins` (a development server); never `javascript:`, `data:`, any other
 * scheme, or a URL carrying credentials.
 */
export function safeBuyUrl(raw: string | undefined, httpOrigins: readonly string[] = []): string | undefined {
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && httpOrigins.includes(url.origin));
  return ok ? url.href : undefined;
}

/**
 * A button that opens the signed-in user's Clickatell buy-credits page in a new tab. Each
 * click fetches a fresh one-off URL (they work once), and opens it only when it is safe:
 * an `https:` URL, or an `http:` URL on an origin allowed for development (see
 * `allow-http-origin`). The tab is opened blank during the click, so popup blockers allow
 * it, then sent to the URL with neither an opener nor a referrer; it is closed again when
 * the URL cannot be had. Email and SMS activation (103, 104) are explained in plain words.
 *
 * `http:` is accepted on the origins listed in `allow-http-origin`, and on the page's own
 * origin when the relay is on that same origin too: that is the development server
 * (`npm start`, plain http on localhost), where the emulator's buy page lives beside the
 * relay. An https page can never match that rule, so production only ever opens https.
 *
 * @summary A button that opens a fresh, one-off buy-credits page in a new tab.
 *
 * @slot form - Filled by the element itself with its light-DOM form (the button, and a captcha when the API asks for one); do not use.
 *
 * @event ct-buy-credits-opened - The buy page opened in a new tab. Detail `{origin}` (never the one-off URL).
 * @event ct-error - The page could not be opened. Detail `{action, code, message}`; code `popup_blocked` when the browser refused the tab, `unsafe_url` for a URL refused here.
 *
 * @csspart base - The outermost wrapper.
 * @csspart title - The heading.
 * @csspart text - The explanation.
 * @csspart alert - Errors (a live region).
 * @csspart status - Progress and success (a live region).
 * @csspart form - The wrapper of the slotted form (its button carries the class ct-submit).
 *
 * @cssproperty [--ct-color-primary=#0b57d0] - The button and focus ring.
 * @cssproperty [--ct-color-on-primary=#fff] - Text on the button.
 * @cssproperty [--ct-color-text=#1d2530] - Text.
 * @cssproperty [--ct-color-surface=#fff] - Background.
 * @cssproperty [--ct-color-border=#8a94a3] - Borders.
 * @cssproperty [--ct-color-danger=#b3261e] - Errors.
 * @cssproperty [--ct-color-success=#146c2e] - Success messages.
 * @cssproperty [--ct-radius=6px] - Corner radius.
 * @cssproperty [--ct-spacing=1rem] - The unit of spacing.
 * @cssproperty [--ct-font-family=system-ui, -apple-system, "Segoe UI", Roboto, sans-serif] - Font.
 * @cssproperty [--ct-focus-ring=0 0 0 2px var(--ct-color-surface), 0 0 0 4px var(--ct-color-primary)] - The focus indicator (a box-shadow).
 * @cssproperty [--ct-max-width=32em] - The widest the element grows.
 */
export class CtBuyCredits extends CtElement {
  static override properties: PropertyDeclarations = {
    allowHttpOrigin: { attribute: 'allow-http-origin' },
  };
  #form = new FormController(this);
  // The user the messages shown belong to.
  #user?: string;

  /** Space-separated origins (`http://localhost:5173`) whose `http:` buy URLs may be opened; for development only. */
  allowHttpOrigin = '';

  /** @internal The origins whose http: URLs may be opened. */
  get httpOrigins(): string[] {
    const origins = this.allowHttpOrigin.split(/\s+/).filter(Boolean);
    const relay = new URL(this.connect.client.endpoint, document.baseURI).origin;
    if (relay === location.origin) origins.push(location.origin);
    return origins;
  }

  protected override willUpdate(): void {
    // Another user (or nobody) now: "the page is open" was said to the last one.
    const user = this.connect.session?.user;
    if (user !== this.#user) {
      this.#user = user;
      this.status = '';
    }
  }

  async #handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = this.#form;
    if (f.busy) return;
    const params = f.read(e.target as HTMLFormElement, 'buy_credits_url');
    if (!params) return;
    // Opened now, while the click still counts: popup blockers refuse a tab opened after an await.
    const tab = window.open('', '_blank');
    if (!tab) return void this.#refuse('popup_blocked', 'credits.blocked');
    tab.opener = null;
    try {
      tab.document.title = this.t('credits.title');
      tab.document.body.textContent = this.t('busy');
    } catch {
      // Not our document (a browser that isolates even blank tabs): nothing to show there.
    }
    const values = await f.run('buy_credits_url', params);
    const url = safeBuyUrl(values?.[0]?.buy_url, this.httpOrigins);
    if (!url) {
      tab.close();
      // A refusal has been shown already; an answer that is not a safe URL has not.
      if (values) void this.#refuse('unsafe_url', 'credits.unsafe');
      return;
    }
    go(tab, url);
    this.setStatus(this.t('credits.opened'));
    this.emit('ct-buy-credits-opened', { origin: new URL(url).origin });
  }

  /** @internal Activation still to do (103, 104) is explained as the step before buying. */
  override message(error: unknown): string {
    const code = error instanceof ConnectError ? error.code : '';
    return code === '103' || code === '104' ? this.t(`credits.${code}`) : super.message(error);
  }

  async #refuse(code: string, key: string): Promise<void> {
    // Its words come with the messages for failed calls.
    await loadMessages();
    const message = this.t(key);
    void this.setAlert(message);
    this.emit('ct-error', { action: 'buy_credits_url', code, message });
  }

  /** Moves focus to the button. */
  override focus(options?: FocusOptions): void {
    this.querySelector<HTMLElement>('.ct-submit')?.focus(options);
  }

  protected override renderLight(): unknown {
    const f = this.#form;
    if (!this.connect.session) return nothing;
    return f.form(this.t('credits.title'), this.#handleSubmit, f.captchaField(), this.t('credits.button'));
  }

  protected override render(): unknown {
    const { session, ready } = this.connect;
    return this.frame(
      this.t('credits.title'),
      !session && ready ? this.signInText('credits.signIn') : this.t('credits.intro'),
      formSlot,
    );
  }
}

/**
 * Sends the new tab to `url` through a link clicked in the tab's own document: the
 * navigation is then the tab's, and `rel=noreferrer` keeps this page's address from the
 * buy page (setting `tab.location` from here would send it).
 */
function go(tab: Window, url: string): void {
  try {
    const a = tab.document.createElement('a');
    a.href = url;
    a.rel = 'noreferrer noopener';
    tab.document.body.append(a);
    a.click();
  } catch {
    tab.location.replace(url);
  }
}
