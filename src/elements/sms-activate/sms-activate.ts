import { html, nothing, type PropertyDeclarations } from 'lit';
import type { ActionName } from '../../protocol/index.ts';
import { ConnectError } from '../../client/connect-error.ts';
import { CtElement, formSlot } from '../internal/ct-element.ts';
import { FormController } from '../internal/form-controller.ts';

const SEND: ActionName = 'send_activation_sms';
const VALIDATE: ActionName = 'validate_activation_sms';

/**
 * SMS activation for the signed-in user: shows whether the mobile number is confirmed,
 * sends the code (optionally to a corrected number, then named: "We sent the code to
 * +27…"; the API tells the registered number only once it is confirmed) with a visible
 * cooldown before a new one can be asked for, and accepts the code (`autocomplete="one-time-code"`, so the
 * browser can offer the code from the SMS). Blocked and uncovered numbers (100, 101), too
 * many codes (102) and a wrong or expired code (418) are explained in plain words with
 * what to do next; "already activated" (108) counts as activated. A captcha is asked for
 * only when the API requires one (003/004).
 *
 * The two small forms are rendered in the element's light DOM (slotted into the shadow
 * chrome), with inputs named `mobile_number` (`tel`) and `sms_activation_code`.
 *
 * @summary Confirm the signed-in user's mobile number with a code sent by SMS.
 *
 * @slot form - Filled by the element itself with its light-DOM forms; do not use.
 *
 * @event ct-sms-code-sent - A code was sent. Detail `{user, mobileNumber?}` (the number when the user changed it).
 * @event ct-sms-activated - The mobile number is confirmed (also when the API says it already was). Detail `{user}`.
 * @event ct-error - A call failed. Detail `{action, code, message}`. Never for 104 or 108, which are states, not failures.
 *
 * @csspart base - The outermost wrapper.
 * @csspart title - The heading.
 * @csspart text - Explanations and the confirmed state.
 * @csspart alert - Errors (a live region).
 * @csspart status - Progress and success (a live region).
 * @csspart form - The wrapper of the slotted forms (their fields carry the classes ct-field, ct-label, ct-input, ct-help-text, ct-error, ct-submit).
 *
 * @cssproperty [--ct-color-primary=#0b57d0] - Buttons and focus ring.
 * @cssproperty [--ct-color-on-primary=#fff] - Text on the primary buttons.
 * @cssproperty [--ct-color-text=#1d2530] - Text.
 * @cssproperty [--ct-color-muted=#4f5b69] - Help text and the countdown.
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
export class CtSmsActivate extends CtElement {
  static override properties: PropertyDeclarations = {
    activated: { attribute: false },
    checking: { attribute: false },
    number: { attribute: false },
    sent: { attribute: false },
    wait: { attribute: false },
    last: { attribute: false },
    cooldown: { type: Number },
  };
  #form = new FormController(this);
  #timer?: ReturnType<typeof setTimeout>;
  #until = 0;
  // The client and user the status was last asked for.
  #checked?: string;

  /** undefined while unknown. */
  private activated?: boolean;
  private checking = false;
  private number = '';
  private sent = false;
  /** Whole seconds before a new code may be asked for. */
  private wait = 0;
  private last: ActionName = SEND;

  /** Seconds after sending a code before a new one can be asked for. */
  cooldown = 60;

  override connectedCallback(): void {
    super.connectedCallback();
    // Put back during the countdown (moved on the page): it goes on.
    if (this.wait) this.#tick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override willUpdate(): void {
    const { client, session } = this.connect;
    const key = session ? `${client.endpoint}\n${session.user}` : undefined;
    if (key === this.#checked) return;
    this.#checked = key;
    // Another user, or none: what was said to the last one is not theirs.
    this.status = this.alert = '';
    this.activated = undefined;
    this.sent = false;
    this.number = '';
    if (key) void this.#check(key);
  }

  async #check(key: string): Promise<void> {
    this.checking = true;
    try {
      const [value] = await this.connect.client.call('sms_activation_status');
      if (key !== this.#checked) return;
      this.number = value?.Cellphone ?? '';
      this.activated = true;
      this.connect.store.updateSession({ smsActivated: true });
    } catch (error) {
      if (key !== this.#checked) return;
      // 104 is the API's way of saying "not yet": the normal starting point, not a failure.
      this.activated = false;
      if (!(error instanceof ConnectError && error.code === '104')) this.fail('sms_activation_status', error);
    } finally {
      if (key === this.#checked) this.checking = false;
    }
  }

  async #handleSend(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = this.#form;
    if (f.busy) return;
    this.last = SEND;
    if (this.wait > 0) {
      this.setStatus(this.t('sms.wait', { n: this.wait }));
      return;
    }
    const params = f.read(e.target as HTMLFormElement, SEND);
    if (!params) return;
    // The number shown came from the account: sending it again would change nothing.
    if (params.mobile_number === this.number) delete params.mobile_number;
    const values = await f.run(SEND, params);
    const user = this.connect.session?.user ?? '';
    if (!values) return this.#refused();
    const mobileNumber = params.mobile_number || undefined;
    if (mobileNumber) this.number = mobileNumber;
    this.sent = true;
    this.#until = Date.now() + this.cooldown * 1000;
    this.#tick();
    this.setStatus(this.t('sms.sent'));
    this.emit('ct-sms-code-sent', mobileNumber ? { user, mobileNumber } : { user });
    void f.focus('sms_activation_code');
  }

  async #handleValidate(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = this.#form;
    if (f.busy) return;
    this.last = VALIDATE;
    const params = f.read(e.target as HTMLFormElement, VALIDATE);
    if (!params) return;
    if (await f.run(VALIDATE, params)) this.#done('sms.activated');
    else this.#refused();
  }

  /** @internal 108 (already activated) is where the user wanted to get: no alert, no ct-error. */
  override fail(action: string, error: unknown, shown?: string): void {
    if (!(error instanceof ConnectError && error.code === '108')) super.fail(action, error, shown);
  }

  #refused(): void {
    const f = this.#form;
    const code = f.error?.code;
    if (code === '108') this.#done('e.108');
  }

  #done(key: string): void {
    clearTimeout(this.#timer);
    this.wait = 0;
    this.activated = true;
    this.#form.clearErrors();
    this.#form.values.sms_activation_code = '';
    void this.setAlert('');
    this.setStatus(this.t(key));
    this.connect.store.updateSession({ smsActivated: true });
    this.emit('ct-sms-activated', { user: this.connect.session?.user ?? '' });
    // The forms (and the focused field with them) are gone: keep keyboard users in place.
    void this.updateComplete.then(() => this.focusPart('title'));
  }

  // Counts down in whole seconds; announced politely only when it starts and ends.
  #tick = (): void => {
    clearTimeout(this.#timer);
    const left = this.#until - Date.now();
    const was = this.wait;
    this.wait = left > 0 ? Math.ceil(left / 1000) : 0;
    if (left > 0) this.#timer = setTimeout(this.#tick, left % 1000 || 1000);
    else if (was > 0) this.setStatus(this.t('sms.ready'));
  };

  protected override renderLight(): unknown {
    if (!this.connect.session || this.activated !== false) return nothing;
    const f = this.#form;
    const captcha = (action: ActionName) => (this.last === action ? f.captchaField() : nothing);
    const waitId = `${this.uid}-wait`;
    return html`${f.form(
      this.t('sms.sendTitle'),
      this.#handleSend,
      html`${f.field(SEND, 'mobile_number', { autocomplete: 'tel', type: 'tel', help: this.t('sms.numberHelp') })}
      ${captcha(SEND)}`,
      this.t(this.sent ? 'sms.resend' : 'sms.send'),
      {
        disabled: this.wait > 0,
        describedBy: waitId,
        // Hidden while empty, alike in the dev and built files (whose minifier drops spaces).
        after: html`<p class="ct-help-text" id=${waitId} ?hidden=${!(this.wait > 0)}>
          ${this.wait > 0 ? this.t('sms.wait', { n: this.wait }) : ''}
        </p>`,
      },
    )}
    ${f.form(
      this.t('sms.codeTitle'),
      this.#handleValidate,
      html`${f.field(VALIDATE, 'sms_activation_code', { autocomplete: 'one-time-code', inputmode: 'numeric' })}
      ${captcha(VALIDATE)}`,
      this.t('sms.submit'),
    )}`;
  }

  protected override render(): unknown {
    const { session, ready } = this.connect;
    // Once a code is sent, the number it went to where that is known: the one typed here
    // (the API tells the registered number only once it is confirmed).
    const n = this.number;
    const key = this.checking
      ? 'sms.checking'
      : this.activated
        ? n
          ? 'sms.doneNumber'
          : 'sms.done'
        : this.activated === false
          ? this.sent && n
            ? 'sms.sentTo'
            : 'sms.intro'
          : '';
    // Just confirmed: the status says so, once.
    const text = !session
      ? ready
        ? this.signInText('sms.signIn')
        : ''
      : key && !(this.activated && this.status) && this.t(key, { number: this.activated ? n : `+${n}` });
    return this.frame(
      this.t(session && this.activated ? 'sms.doneTitle' : 'sms.title'),
      text,
      session && this.activated === false ? formSlot : nothing,
    );
  }
}
