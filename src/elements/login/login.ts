import { html, nothing, type PropertyDeclarations } from 'lit';
import type { ActionName } from '../../protocol/index.ts';
import { CtElement } from '../internal/ct-element.ts';
import { FormController } from '../internal/form-controller.ts';

type View = 'login' | 'forgot' | 'resend';

/**
 * Sign in with a Clickatell username and password. A captcha is asked for only when the
 * API requires one (003/004), and the retry carries it. An account whose email address is
 * not confirmed yet (103) is offered the activation email again, optionally to a new
 * address. "Forgot your password?" emails a new password. Signed in, it shows who and
 * offers to sign out.
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
 * @cssproperty --ct-color-primary - Buttons, links and focus ring.
 * @cssproperty --ct-color-on-primary - Text on the primary button.
 * @cssproperty --ct-color-text - Text.
 * @cssproperty --ct-color-muted - Help text.
 * @cssproperty --ct-color-surface - Background.
 * @cssproperty --ct-color-border - Borders.
 * @cssproperty --ct-color-danger - Errors.
 * @cssproperty --ct-color-success - Success messages.
 * @cssproperty --ct-radius - Corner radius.
 * @cssproperty --ct-spacing - The unit of spacing.
 * @cssproperty --ct-font-family - Font.
 */
export class CtLogin extends CtElement {
  static override properties: PropertyDeclarations = {
    view: { attribute: false },
  };
  private form = new FormController(this);

  private view: View = 'login';

  private async handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const f = this.form;
    const action: ActionName =
      this.view === 'login'
        ? 'authenticate_user'
        : this.view === 'forgot'
          ? 'forgot_password'
          : 'resend_email_activation';
    const params = f.read(form, action);
    if (!params) return;
    // The resend form only asks for a new address; the credentials are the ones just tried.
    if (this.view === 'resend') Object.assign(params, { user: f.values.user, password: f.values.password });
    const values = await f.run(action, params);
    if (values) this.succeeded(action, params, values[0]);
    else if (this.view === 'login' && f.error?.code === '103') void this.show('resend');
  }

  private succeeded(
    action: ActionName,
    params: Record<string, string>,
    value?: Record<string, string>,
  ): void {
    const user = params.user!;
    const f = this.form;
    if (action === 'authenticate_user') {
      const userNumber = value?.Usernumber ?? value?.UserNumber ?? '';
      // The password is not kept once it has done its job: the relay holds the session.
      f.values.password = '';
      this.connect.store.signedIn(user, userNumber);
      this.setStatus(this.t('login.signedIn', { user }));
      this.emit('ct-authenticated', { user, userNumber });
      return;
    }
    if (action === 'resend_email_activation') {
      const emailAddress = params.email_address || undefined;
      this.emit('ct-email-activation-sent', emailAddress ? { user, emailAddress } : { user });
      this.show('login', 'resend.sent');
      return;
    }
    this.show('login', 'forgot.sent');
  }

  private async handleSignOut(): Promise<void> {
    const user = this.connect.session?.user ?? '';
    try {
      await this.connect.store.signOut();
    } catch (error) {
      this.fail('logout', error);
      return;
    }
    this.emit('ct-signed-out', { user });
    this.show('login', 'login.signedOut');
  }

  private async show(view: View, status?: string): Promise<void> {
    this.view = view;
    this.form.clearErrors();
    if (view !== 'resend') void this.setAlert('');
    this.setStatus(status ? this.t(status) : '');
    await this.updateComplete;
    this.querySelector<HTMLElement>('.ct-form .ct-input')?.focus();
  }

  /** Moves focus to the first field (or the sign-out button when signed in). */
  override focus(options?: FocusOptions): void {
    const target = this.connect.session
      ? this.shadowRoot?.querySelector<HTMLElement>('[part~="button"]')
      : this.querySelector<HTMLElement>('.ct-form .ct-input');
    target?.focus(options);
  }

  protected override renderLight(): unknown {
    if (this.connect.session) return nothing;
    const f = this.form;
    const view = this.view;
    const captcha = view === 'forgot' || f.locked ? html`<ct-captcha></ct-captcha>` : nothing;
    const action: ActionName =
      view === 'login'
        ? 'authenticate_user'
        : view === 'forgot'
          ? 'forgot_password'
          : 'resend_email_activation';
    return html`<form
      slot="form"
      class="ct-form"
      novalidate
      dir=${this.textDir}
      lang=${this.language}
      aria-label=${this.t(`${view}.title`)}
      @submit=${this.handleSubmit}
    >
      ${
        view === 'resend'
          ? f.field(action, 'email_address', {
              autocomplete: 'email',
              type: 'email',
              label: this.t('resend.email'),
            })
          : f.field(action, 'user', { autocomplete: 'username' })
      }
      ${view === 'login' ? f.field(action, 'password', { autocomplete: 'current-password', type: 'password' }) : nothing}
      ${view === 'forgot' ? f.field(action, 'email_address', { autocomplete: 'email', type: 'email' }) : nothing}
      ${captcha}
      <button class="ct-submit" type="submit" aria-disabled=${f.busy ? 'true' : 'false'}>
        ${this.t(`${view}.submit`)}
      </button>
    </form>`;
  }

  protected override render(): unknown {
    const session = this.connect.session;
    const view = this.view;
    return html`<div part="base" dir=${this.textDir} lang=${this.language}>
      <h2 part="title">${this.t(session ? 'login.title' : `${view}.title`)}</h2>
      ${
        session && !this.status
          ? html`<p part="text">${this.t('login.signedIn', { user: session.user })}</p>`
          : view !== 'login' && !session
            ? html`<p part="text">${this.t(`${view}.intro`)}</p>`
            : nothing
      }
      ${this.renderMessages()}
      ${
        session
          ? html`<div part="actions">
              <button part="button" type="button" @click=${this.handleSignOut}>
                ${this.t('login.signOut')}
              </button>
            </div>`
          : html`<div part="form"><slot name="form"></slot></div>
              <div part="actions">
                ${
                  view === 'login'
                    ? html`<button part="link" type="button" @click=${() => this.show('forgot')}>
                        ${this.t('login.forgot')}
                      </button>`
                    : html`<button part="link" type="button" @click=${() => this.show('login')}>
                        ${this.t('login.back')}
                      </button>`
                }
              </div>`
      }
    </div>`;
  }
}
