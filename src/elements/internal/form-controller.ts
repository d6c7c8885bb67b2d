/**
 * Form handling shared by every element with a form: fields rendered from the protocol's
 * parameter specs (names, lengths, required), live validation with the protocol's own
 * `checkParam`, plain-words messages, the call itself with its busy state, per-field
 * marking after a refusal with focus on the first failing field, and the captcha
 * step-up (003/004 -> show a captcha, retry with it; a spent captcha is replaced).
 *
 * Values live here, not in the DOM, so nothing typed is lost when a call fails or the
 * element switches views.
 */
import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import {
  CAPTCHA_REJECTED_CODES,
  CAPTCHA_REQUIRED_CODES,
  checkParam,
  fieldForCode,
  isRequired,
  paramSpec,
  tidy,
  type ActionName,
  type ParamSpec,
} from '../../protocol/index.ts';
import { ConnectError } from '../../client/connect-error.ts';
import { loadMessages } from '../../strings/index.ts';
import type { Values } from '../../client/connect-client.ts';
import type { CtElement } from './ct-element.ts';

/** The slice of ct-captcha the controller drives (kept structural: no import cycle). */
interface CaptchaLike extends HTMLElement {
  error: string;
  refresh(): Promise<void>;
}

export interface FieldOptions {
  /** The `autocomplete` token (`username`, `current-password`, `one-time-code`, `off`, ...). */
  autocomplete: string;
  /** Label text; defaults to the string `f.<name>`. */
  label?: string;
  /** Input type; defaults to text (`password`, `email`, `tel`, `checkbox`). */
  type?: string;
  inputmode?: string;
  help?: string;
  /** Say the protocol's rules for the value as help text (`help.<name>`: a new username or password). */
  rules?: boolean;
  /** Render a `<select>` with these options. */
  options?: readonly { value: string; label: string; lang?: string }[];
  /** Called after the value changes (after validation). */
  onChange?: (value: string) => void;
}

// Refusals about one field's value that only the API can judge; marked on that field.
// 100 and 101 blame the mobile number, even one left empty (the account's own).
const VALUE_REFUSALS: Record<string, string> = {
  '439': 'user',
  '105': 'email_address',
  '100': 'mobile_number',
  '101': 'mobile_number',
};

// Whether a pointer button is down (a field left for a click elsewhere), page-wide.
let pointerDown: boolean | undefined;

export class FormController implements ReactiveController {
  /** Everything the user typed, by parameter name. */
  values: Record<string, string> = {};
  /** The message under each failing field. */
  errors: Record<string, string> = {};
  /** A call is running. */
  busy = false;
  /** The API asked for a captcha (003/004); account calls must now carry one. */
  locked = false;
  /** Why the last call failed; undefined after a success. */
  error?: ConnectError;
  #host: CtElement;
  // Which action each rendered field belongs to, for live validation.
  #fields = new Map<string, ActionName>();
  #touched = new Set<string>();
  // The API's refusal code behind a field's message, until the field is edited.
  #refusedCode: Record<string, string> = {};
  #rendering = false;
  // The submit button of the form read last: busy while its call runs.
  #submitted?: Element | null;
  // Password fields the user asked to see.
  #shown = new Set<string>();

  constructor(host: CtElement) {
    this.#host = host;
    host.addController(this);
    if (pointerDown === undefined) {
      pointerDown = false;
      addEventListener('pointerdown', () => (pointerDown = true), true);
      // A touch that turns into a scroll ends in pointercancel, with no pointerup.
      for (const type of ['pointerup', 'pointercancel'])
        addEventListener(type, () => (pointerDown = false), true);
    }
  }

  hostUpdate(): void {
    // Rebuilt on each render, so only the fields on screen are validated and marked.
    this.#fields.clear();
    this.#rendering = true;
  }

  hostUpdated(): void {
    this.#rendering = false;
  }

  /**
   * One labelled input (or select, or checkbox) for `action`'s parameter `name`. Values
   * the API takes in Latin letters and digits only (all but names and free text) are
   * written left to right, on a right-to-left page too: a phone number or an address
   * reads as typed.
   */
  field(action: ActionName, name: string, o: FieldOptions): TemplateResult {
    const spec = paramSpec(action, name)!;
    this.#fields.set(name, action);
    const h = this.#host;
    const id = `${h.uid}-${name}`;
    // Said again in the current language (and in full once the messages have loaded).
    const error =
      this.errors[name] === undefined
        ? ''
        : this.check(action, name, this.#refusedCode[name]) || h.retell(this.errors[name]);
    const required = isRequired(spec, this.values, { locked: this.locked });
    // A label given by the element says itself whether the field may be left empty.
    const label = o.label ?? h.t(`f.${name}`) + (required ? '' : ' ' + h.t('optional'));
    const help = o.rules ? h.t(`help.${name}`, { min: spec.minLength!, max: spec.maxLength! }) : o.help;
    const describedBy = help ? `${id}-help ${id}-error` : `${id}-error`;
    const shown = this.#shown.has(name);
    const value = this.values[name] ?? '';
    const onInput = (e: Event) => this.#handleInput(e, o.onChange);
    const onBlur = () => this.#handleBlur(name);
    const errorNode = html`<div class="ct-error" id="${id}-error">${error}</div>`;
    if (o.type === 'checkbox') {
      return html`<div class="ct-field">
        <div class="ct-check">
          <input
            class="ct-input"
            type="checkbox"
            id=${id}
            name=${name}
            value=${spec.mustBe ?? '1'}
            .checked=${value !== ''}
            ?required=${required}
            aria-invalid=${error ? 'true' : 'false'}
            aria-describedby=${describedBy}
            @change=${onInput}
          />
          <label class="ct-label" for=${id}>${label}</label>
        </div>
        ${errorNode}
      </div>`;
    }
    const control = o.options
      ? html`<select
          class="ct-input"
          id=${id}
          name=${name}
          autocomplete=${o.autocomplete}
          ?required=${required}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @change=${onInput}
          @blur=${onBlur}
        >
          <option value="" ?selected=${value === ''}>${h.t('choose')}</option>
          ${o.options.map(
            (opt) =>
              html`<option value=${opt.value} lang=${opt.lang ?? nothing} ?selected=${opt.value === value}>
                ${opt.label}
              </option>`,
          )}
        </select>`
      : html`<input
          class="ct-input"
          id=${id}
          name=${name}
          type=${shown ? 'text' : (o.type ?? 'text')}
          autocomplete=${o.autocomplete}
          inputmode=${o.inputmode ?? nothing}
          minlength=${spec.minLength ?? nothing}
          ?required=${required}
          .value=${value}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          autocapitalize=${o.autocomplete === 'off' || spec.kind !== 'name' ? 'off' : nothing}
          dir=${spec.kind === 'name' || spec.kind === 'text' ? nothing : 'ltr'}
          spellcheck="false"
          @input=${onInput}
          @change=${onInput}
          @blur=${onBlur}
        />`;
    return html`<div class="ct-field">
      <label class="ct-label" for=${id}>${label}</label>
      ${
        o.type === 'password'
          ? html`<div class="ct-password">
              ${control}
              <button
                class="ct-reveal"
                type="button"
                aria-label=${h.t('reveal')}
                aria-pressed=${shown}
                aria-controls=${id}
                @click=${() => {
                  if (!this.#shown.delete(name)) this.#shown.add(name);
                  h.requestUpdate();
                }}
              >
                ${h.t('show')}
              </button>
            </div>`
          : control
      }
      ${help ? html`<div class="ct-help-text" id="${id}-help">${help}</div>` : nothing} ${errorNode}
    </div>`;
  }

  /**
   * The light-DOM form: slotted into the chrome, in the element's language, with `content`
   * and its submit button (`aria-disabled`, never `disabled`, so focus stays on it).
   */
  form(
    label: string,
    onSubmit: (e: SubmitEvent) => unknown,
    content: unknown,
    submit: string,
    o: { disabled?: boolean; describedBy?: string; after?: unknown } = {},
  ): TemplateResult {
    const h = this.#host;
    return html`<form
      slot="form"
      class="ct-form"
      novalidate
      dir=${h.textDir}
      lang=${h.language}
      aria-label=${label}
      @submit=${onSubmit}
    >
      ${content}
      <button
        class="ct-submit"
        type="submit"
        aria-disabled=${this.busy || o.disabled ? 'true' : 'false'}
        aria-describedby=${o.describedBy ?? nothing}
      >
        ${submit}
      </button>
      ${o.after}
    </form>`;
  }

  /**
   * A captcha that asks this element's relay, in its language and with its string
   * overrides: when the call always needs one (`always`), else once the API has asked
   * for one (003/004).
   */
  captchaField(always = false): unknown {
    const h = this.#host;
    return always || this.locked
      ? html`<ct-captcha .endpoint=${h.endpoint} .locale=${h.locale} .strings=${h.strings}></ct-captcha>`
      : nothing;
  }

  /**
   * Sets a value from code (a pre-filled dial prefix). It is a start for the user to
   * complete, so any error shown is cleared, not replaced by "too short".
   */
  set(name: string, value: string): void {
    this.values[name] = value;
    delete this.errors[name];
    this.#host.requestUpdate();
  }

  #handleInput(e: Event, onChange?: (value: string) => void): void {
    // A field removed by a view change fires a last `change` mid-render (Chromium does, for
    // a focused field edited since its previous one): it must not put back a value the
    // element has just cleared, such as the password after signing in.
    if (this.#rendering) return;
    const input = e.target as HTMLInputElement;
    const name = input.name;
    const value = input.type === 'checkbox' ? (input.checked ? input.value : '') : input.value;
    if (this.values[name] === value && e.type === 'change') return;
    this.values[name] = value;
    // Live validation once the user has left the field or a submit has marked it.
    if (this.#touched.has(name) || this.errors[name] !== undefined || input.type === 'checkbox')
      this.#revalidate(name);
    onChange?.(value);
    this.#host.requestUpdate();
  }

  #handleBlur(name: string): void {
    // A focused field removed by a view change blurs mid-render: nothing to check then.
    if (this.#rendering || !this.values[name]) return;
    const check = () => {
      if (!this.values[name] || !this.#fields.has(name)) return;
      this.#tidy(name, this.values[name]);
      this.#touched.add(name);
      this.#revalidate(name);
      this.#host.requestUpdate();
    };
    // Left for a click elsewhere: checked once the click is over, so that the message it
    // may add cannot move what the pointer is on before the button is released.
    if (pointerDown) addEventListener('pointerup', () => setTimeout(check), { once: true, capture: true });
    else check();
  }

  /** Keeps `value` for the field `name`, tidied into the form the API takes (`+27 83…` -> `2783…`). */
  #tidy(name: string, value: string): void {
    this.values[name] = tidy(paramSpec(this.#fields.get(name)!, name)!, value);
  }

  #revalidate(name: string): void {
    const action = this.#fields.get(name);
    if (!action) return;
    delete this.#refusedCode[name];
    const message = this.check(action, name);
    if (message) this.errors[name] = message;
    else delete this.errors[name];
  }

  /** The plain-words problem with `name`'s value, or '' when the protocol accepts it. */
  check(action: ActionName, name: string, serverCode?: string): string {
    const spec = paramSpec(action, name);
    if (!spec) return '';
    const value = this.values[name];
    const code = checkParam(spec, value, this.values, { locked: this.locked });
    if (code) return this.#describe(spec, value, code);
    // Valid as far as the tables can tell; the server knows more (439: username taken).
    return serverCode ? (this.#host.maybe(`e.${serverCode}`) ?? this.#host.t('invalid')) : '';
  }

  #describe(spec: ParamSpec, value: string | undefined, code: string): string {
    const h = this.#host;
    if (!value) {
      const choice = spec.kind === 'id' || spec.kind === 'enum';
      return choice ? (h.maybe(`e.${code}`) ?? (void loadMessages(), h.t('kind.id'))) : h.t('required');
    }
    if (spec.kind === 'ip-list') {
      // Which address is wrong, not only what the list should look like.
      const bad = value
        .split(',')
        .map((a) => a.trim())
        .find((a) => checkParam(spec, a, this.values, { locked: this.locked }));
      if (bad) return h.t('kind.ip-bad', { ip: bad });
    }
    const length = [...value].length;
    if (spec.minLength !== undefined && length < spec.minLength)
      return h.t('tooShort', { n: spec.minLength });
    if (spec.maxLength !== undefined && length > spec.maxLength) return h.t('tooLong', { n: spec.maxLength });
    // The API calls passwords "alphanumeric" too: one message serves both. What the kind
    // of value must look like comes with the messages: until then, "check".
    return (
      h.maybe(`kind.${spec.kind === 'password' ? 'alnum' : spec.kind}`) ??
      h.maybe(`e.${code}`) ??
      (void loadMessages(), h.t('invalid'))
    );
  }

  /**
   * Validates the fields on screen for `action` (values read from `form`, which is
   * where a password manager's fill lands). Marks each failing field and focuses the
   * first. Returns the params to send, or null.
   */
  read(form: HTMLFormElement, action: ActionName): Record<string, string> | null {
    this.#submitted = form.querySelector('.ct-submit');
    // Hidden again to be sent: the browser then offers to save a password, not a text.
    this.#shown.clear();
    const data = new FormData(form);
    for (const [name] of this.#fields) {
      const input = form.elements.namedItem(name) as HTMLInputElement | null;
      if (input)
        this.#tidy(name, input.type === 'checkbox' ? (input.checked ? input.value : '') : input.value);
    }
    // Entries from form-associated elements (ct-captcha's captcha_id and captcha_code).
    for (const [name, value] of data) if (!this.#fields.has(name)) this.values[name] = String(value);
    const params: Record<string, string> = {};
    const failing: string[] = [];
    for (const [name, fieldAction] of this.#fields) {
      if (fieldAction !== action) continue;
      params[name] = this.values[name] ?? '';
      const message = this.check(action, name);
      if (message) {
        this.errors[name] = message;
        failing.push(name);
      } else delete this.errors[name];
    }
    for (const name of ['captcha_id', 'captcha_code'])
      if (data.has(name)) params[name] = String(data.get(name));
    const captcha = this.#captcha();
    if (captcha) {
      captcha.error = this.check(action, 'captcha_code');
      if (captcha.error) failing.push('captcha_code');
    }
    this.#host.requestUpdate();
    if (failing.length) {
      void this.#host.setAlert(this.#host.t('fix'));
      void this.focus(failing[0]!);
      return null;
    }
    return params;
  }

  /**
   * Runs `action` with `params`: busy state, then either the values, or undefined after
   * marking fields, stepping up to a captcha, announcing the problem and firing ct-error.
   */
  async run(action: ActionName, params: Record<string, string | undefined>): Promise<Values | undefined> {
    if (this.busy) return undefined;
    const h = this.#host;
    this.busy = true;
    this.#submitted?.setAttribute('aria-busy', 'true');
    void h.setAlert('');
    h.setStatus(h.t('busy'));
    h.requestUpdate();
    let values: Values | undefined;
    let failure: unknown;
    try {
      values = await h.connect.client.call(action, params);
    } catch (error) {
      failure = error;
    }
    // Not busy before ct-error fires: a listener may well submit again at once.
    this.busy = false;
    this.#submitted?.removeAttribute('aria-busy');
    h.setStatus('');
    h.requestUpdate();
    if (values) {
      this.locked = false;
      this.error = undefined;
      return values;
    }
    await this.#refused(action, failure, params.captcha_id !== undefined);
    return undefined;
  }

  async #refused(action: ActionName, error: unknown, sentCaptcha: boolean): Promise<void> {
    const h = this.#host;
    await loadMessages();
    const err =
      error instanceof ConnectError ? error : new ConnectError(action, [{ code: '999', message: '' }], 0);
    this.error = err;
    // The relay's session ended behind the page's back: every element learns it is signed out.
    if (err.code === 'not_signed_in') void h.connect.store.load(true);
    const failing: string[] = [];
    let captchaProblem = false;
    for (const item of err.errors) {
      if (CAPTCHA_REQUIRED_CODES.includes(item.code)) this.locked = true;
      if (CAPTCHA_REJECTED_CODES.includes(item.code)) captchaProblem = true;
      const field = item.field ?? fieldForCode(action, item.code) ?? VALUE_REFUSALS[item.code];
      if (field && this.#fields.has(field)) {
        this.errors[field] = this.check(action, field, (this.#refusedCode[field] = item.code));
        failing.push(field);
      }
    }
    // A captcha the API saw is spent (redeemed, or void after one failed attempt).
    const captcha = this.#captcha();
    if (captcha && sentCaptcha && (err.status === 200 || err.status === 504)) {
      void captcha.refresh();
      captcha.error = captchaProblem ? h.message(err) : '';
    }
    // A wrong code is said under the captcha, like any field's problem: not twice.
    if (captcha && captchaProblem) failing.push('captcha_code');
    h.requestUpdate();
    // Focus goes to the first in the form, whatever order the API said them in.
    const order = [...this.#fields.keys(), 'captcha_code'];
    failing.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const onlyFields = failing.length > 0 && failing.length === err.errors.length;
    h.fail(action, err, onlyFields ? h.t('fix') : undefined);
    await h.updateComplete;
    if (failing.length) void this.focus(failing[0]!);
    else if (this.locked && CAPTCHA_REQUIRED_CODES.includes(err.code)) void this.focus('captcha_code');
  }

  /** Clears every error (a view change), keeping the values. */
  clearErrors(): void {
    this.errors = {};
    this.#refusedCode = {};
    this.#touched.clear();
  }

  /** Moves focus to the field `name` (the captcha's code field for captcha_code). */
  async focus(name: string): Promise<void> {
    await this.#host.updateComplete;
    const target =
      name === 'captcha_code' || name === 'captcha_id'
        ? this.#captcha()
        : this.#host.querySelector<HTMLElement>(`[name="${name}"]`);
    if (target instanceof HTMLElement && 'updateComplete' in target)
      await (target as CtElement).updateComplete;
    target?.focus();
  }

  #captcha(): CaptchaLike | null {
    return this.#host.querySelector<CaptchaLike>('ct-captcha');
  }
}
