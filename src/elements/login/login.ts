import { html, nothing, type PropertyDeclarations } from 'lit';
import type { ActionName } from '../../protocol/index.ts';
import { CtElement, formSlot } from '../internal/ct-element.ts';
import { FormController } from '../internal/form-controller.ts';

type View = 'login' | 'forgot' | 'resend';

const ACTION: Record<View, ActionName> = {
  login: 'authenticate_user',
  forgot: 'forgot_password',
  resend: 'resend_email_activation',
};

/**
 * Sign in with a Clickatell username and password. A captcha is asked for only when the
 * API requires one (003/004), and the retry carries it. An account whose email address is
 * not confirmed yet (103) is offered the activation email again, optionally to a new
 * address. "Forgot your password?" emails a new password. Signed in, it shows who and
 * offers to sign out.
 *
 * Arriving from the activation link, it says the email address is confirmed: give
 * `<ct-register-form>` an `activation-redirect` to this page whose query has
 * `ct-activated` (`https://example.com/signin?ct-activated`).
 *
 * The form is rendered in the element's light DOM (slotted into the shadow chrome) so
 * password managers can fill and save it: a real `<form>` with inputs named `user`,
 * `password`, `email_address` and the `username` / `current-password` / `email` tokens.
 *
 * @summary Sign in, with captcha step-up, forgotten password and resend activation.
 *
 * @slot form - Filled by the element itself with its light-DOM form; do not use.
 *
 * @event ct-authenticated - Signed in. Detail `{user, userNumber}`.
 * @event ct-signed-out - Signed out. Detail `{user}`.
 * @event ct-email-activation-sent - The activation email was sent again. Detail `{user, emailAddress?}`.
 * @event ct-error - A call failed. Detail `{action, code, message}`.
 *
 * @csspart base - The outermost wrapper.
 * @csspart title - The heading.
 * @csspart text - Explanations.
 * @csspart alert - Errors (a live region).
 * @csspart status - Progress and success (a live region).
 * @csspart form - The wrapper of the slotted form (its fields carry the classes ct-field, ct-label, ct-input, ct-help-text, ct-error, ct-submit).
 * @csspart actions - The row of secondary actions.
 * @csspart link - "Forgot your password?" and "Back to sign in".
 * @csspart button - The sign-out button.
 *
 * @cssproperty [--ct-color-primary=#0b57d0] - Buttons, links and focus ring.
 * @cssproperty [--ct-color-on-primary=#fff] - Text on the primary button.
 * @cssproperty [--ct-color-text=#1d2530] - Text.
 * @cssproperty [--ct-color-muted=#4f5b69] - Help text.
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
export class CtLogin extends CtElement {
  static override properties: PropertyDeclarations = {
    view: { attribute: false },
  };
  #form = new FormController(this);

  private view: View = 'login';

  override connectedCallback(): void {
    super.connectedCallback();
    if (/[?&]ct-activated\b/.test(location.search)) this.setStatus(this.t('login.activated'));
  }

  async #handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = this.#form;
    const action = ACTION[this.view];
    const params = f.read(form, action);
    if (!params) return;
    // The resend form only asks for a new address; the credentials are the ones just tried.
    if (this.view === 'resend') Object.assign(params, { user: f.values.user, password: f.values.password });
    const values = await f.run(action, params);
    if (values) this.#succeeded(action, params, values[0]);
    else if (this.view === 'login' && f.error?.code === '103') void this.#show('resend');
  }

  #succeeded(action: ActionName, params: Record<string, string>, value?: Record<string, string>): void {
    const user = params.user!;
    const f = this.#form;
    if (action === 'authenticate_user') {
      const userNumber = value?.Usernumber ?? value?.UserNumber ?? '';
      // The password is not kept once it has done its job: the relay holds the session.
      f.values.password = '';
      this.connect.store.signedIn(user, userNumber);
      this.setStatus(this.t('login.signedIn', { user }));
      this.emit('ct-authenticated', { user, userNumber });
      // The form, and the focus in it, are gone: keyboard users go on from the heading,
      // where a second Enter does nothing (on the sign-out button it would sign out).
      void this.updateComplete.then(() => this.focusPart('title'));
      return;
    }
    if (action === 'resend_email_activation') {
      const emailAddress = params.email_address || undefined;
      this.emit('ct-email-activation-sent', emailAddress ? { user, emailAddress } : { user });
      this.#show('login', 'resend.sent');
      return;
    }
    this.#show('login', 'forgot.sent');
  }

  async #handleSignOut(): Promise<void> {
    const user = this.connect.session?.user ?? '';
    try {
      await this.connect.store.signOut();
    } catch (error) {
      this.fail('logout', error);
      return;
    }
    this.emit('ct-signed-out', { user });
    this.#show('login', 'login.signedOut');
  }

  async #show(view: View, status?: string): Promise<void> {
    this.view = view;
    this.#form.clearErrors();
    // Resending the activation email is the next step, not a failure: no alert.
    void this.setAlert('');
    this.setStatus(status ? this.t(status) : '');
    await this.updateComplete;
    this.focus();
  }

  /** Moves focus to the first empty field, else the first (or the sign-out button when signed in). */
  override focus(options?: FocusOptions): void {
    const empty = [...this.querySelectorAll<HTMLInputElement>('.ct-form .ct-input')].find((i) => !i.value);
    if (this.connect.session) this.focusPart('button', options);
    else if (empty) empty.focus(options);
    else super.focus(options);
  }

  protected override renderLight(): unknown {
    if (this.connect.session) return nothing;
    const f = this.#form;
    const view = this.view;
    const action = ACTION[view];
    const email = { autocomplete: 'email', type: 'email' };
    return f.form(
      this.t(`${view}.title`),
      this.#handleSubmit,
      html`${
        view === 'resend'
          ? f.field(action, 'email_address', { ...email, label: this.t('resend.email') })
          : f.field(action, 'user', { autocomplete: 'username' })
      }
      ${view === 'login' ? f.field(action, 'password', { autocomplete: 'current-password', type: 'password' }) : nothing}
      ${view === 'forgot' ? f.field(action, 'email_address', email) : nothing}
      ${f.captchaField(view === 'forgot')}`,
      this.t(`${view}.submit`),
    );
  }

  protected override render(): unknown {
    const session = this.connect.session;
    const view = this.view;
    const back = view === 'login' ? 'forgot' : 'login';
    return this.frame(
      this.t(session ? 'login.account' : `${view}.title`),
      session
        ? !this.status && this.t('login.signedIn', { user: session.user })
        : view !== 'login' && this.t(`${view}.intro`),
      session
        ? html`<div part="actions">
            <button part="button" type="button" @click=${this.#handleSignOut}>
              ${this.t('login.signOut')}
            </button>
          </div>`
        : html`${formSlot}
            <div part="actions">
              <button part="link" type="button" @click=${() => this.#show(back)}>
                ${this.t(back === 'forgot' ? 'login.forgot' : 'login.back')}
              </button>
            </div>`,
    );
  }
}
