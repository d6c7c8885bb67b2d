import { unsafeCSS, html, nothing, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import { phpUrlEncodedDataUrl } from '../../protocol/index.ts';
import { CtElement } from '../internal/ct-element.ts';
import { baseStyles, shadowFieldStyles } from '../internal/styles.ts';

/**
 * A Connect API captcha: the picture (with a text alternative), a field for its code and
 * a button for a new picture. A fresh picture is fetched before the old one expires.
 * Inside a form it is form-associated: the form's data carries `captcha_id` and
 * `captcha_code`, and Enter in its field submits the form.
 *
 * @summary The picture, a field for its code, and a button for a new picture.
 *
 * @event ct-error - A new picture could not be fetched. Detail `{action, code, message}`.
 *
 * @csspart base - The outermost wrapper.
 * @csspart picture - The wrapper of the image and the refresh button.
 * @csspart image - The captcha picture.
 * @csspart refresh - The "new picture" button.
 * @csspart field - The wrapper of the label, input and error.
 * @csspart label - The code field's label.
 * @csspart input - The code field.
 * @csspart error - The message under the code field.
 * @csspart alert - Errors fetching the picture (a live region).
 * @csspart status - Progress (a live region).
 *
 * @cssproperty [--ct-color-primary=#0b57d0] - Buttons and focus ring.
 * @cssproperty [--ct-color-text=#1d2530] - Text.
 * @cssproperty [--ct-color-surface=#fff] - Background of the field.
 * @cssproperty [--ct-color-border=#8a94a3] - Borders.
 * @cssproperty [--ct-color-danger=#b3261e] - Errors.
 * @cssproperty [--ct-radius=6px] - Corner radius.
 * @cssproperty [--ct-spacing=1rem] - The unit of spacing.
 * @cssproperty [--ct-font-family=system-ui, -apple-system, "Segoe UI", Roboto, sans-serif] - Font.
 * @cssproperty [--ct-focus-ring=0 0 0 2px var(--ct-color-surface), 0 0 0 4px var(--ct-color-primary)] - The focus indicator (a box-shadow).
 * @cssproperty [--ct-max-width=32em] - The widest the element grows.
 * @cssproperty [--ct-captcha-image-height=50px] - Height of the picture.
 */
export class CtCaptcha extends CtElement {
  /** @internal Takes part in an enclosing form (captcha_id and captcha_code). */
  static formAssociated = true;

  static override styles: CSSResultGroup = [
    baseStyles,
    shadowFieldStyles,
    unsafeCSS(
      `[part~=base]{border:0;padding:0;background:none;gap:calc(var(--ct-spacing,1rem)*.5)}[part~=picture]{display:flex;flex-wrap:wrap;gap:var(--ct-spacing,1rem);align-items:center;min-height:var(--ct-captcha-image-height,50px)}[part~=image]{height:var(--ct-captcha-image-height,50px);border-radius:var(--ct-radius,6px)}`,
    ),
  ];

  static override properties: PropertyDeclarations = {
    image: { attribute: false },
    code: { attribute: false },
    error: { attribute: false },
    refreshAfter: { type: Number, attribute: 'refresh-after' },
  };

  #internals = this.attachInternals();
  #timer?: ReturnType<typeof setTimeout>;
  private image = '';
  #currentId = '';

  /** The code the user typed. */
  code = '';
  /** A message under the code field (set by the form that embeds the captcha). */
  error = '';
  /** Seconds after which a new picture replaces the current one (the API's expire after 15 minutes). */
  refreshAfter = 840;

  /** The id of the picture shown, to send as `captcha_id` with `code`. */
  get captchaId(): string {
    return this.#currentId;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.#currentId) void this.refresh(false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    this.image = this.#currentId = '';
  }

  /** @internal Resets the code when the enclosing form is reset. */
  formResetCallback(): void {
    this.code = '';
    this.#sync();
  }

  #handleInput(e: Event): void {
    this.code = (e.target as HTMLInputElement).value;
    this.#sync();
  }

  #handleKeydown(e: KeyboardEvent): void {
    // Implicit submission does not cross the shadow boundary: do it for the form.
    if (e.key === 'Enter' && this.#internals.form) {
      e.preventDefault();
      this.#internals.form.requestSubmit();
    }
  }

  #sync(): void {
    const data = new FormData();
    data.set('captcha_id', this.#currentId);
    data.set('captcha_code', this.code);
    this.#internals.setFormValue(data);
  }

  /** Fetches a new picture; the typed code is cleared (it belonged to the old one). */
  async refresh(announce = true): Promise<void> {
    clearTimeout(this.#timer);
    this.setStatus(this.t('captcha.loading'));
    try {
      const [value] = await this.connect.client.call('get_captcha');
      // Removed meanwhile: no picture kept, no timer left running (put back, it fetches one).
      if (!this.isConnected) return;
      this.image = phpUrlEncodedDataUrl(value?.captcha_image ?? '', 'image/png');
      this.#currentId = value?.captcha_id ?? '';
      this.code = '';
      this.alert = '';
      this.setStatus(announce ? this.t('captcha.refreshed') : '');
      this.#timer = setTimeout(() => void this.refresh(), this.refreshAfter * 1000);
    } catch (error) {
      this.setStatus('');
      this.fail('get_captcha', error);
    }
    this.#sync();
  }

  /** Moves focus to the code field. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('input')?.focus(options);
  }

  protected override render(): unknown {
    return html`<div part="base" dir=${this.textDir} lang=${this.language}>
      <div part="picture">
        ${this.image ? html`<img part="image" src=${this.image} alt=${this.t('captcha.alt')} />` : nothing}
        <button part="button refresh" type="button" @click=${() => this.refresh()}>
          ${this.t('captcha.refresh')}
        </button>
      </div>
      <div part="field" class="ct-field">
        <label part="label" class="ct-label" for="code">${this.t('f.captcha_code')}</label>
        <input
          part="input"
          class="ct-input"
          id="code"
          name="captcha_code"
          dir="ltr"
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          required
          .value=${this.code}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby="error"
          @input=${this.#handleInput}
          @keydown=${this.#handleKeydown}
        />
        <div part="error" class="ct-error" id="error">${this.retell(this.error)}</div>
      </div>
      ${this.renderMessages()}
    </div>`;
  }
}
