import { html, nothing, type PropertyDeclarations } from 'lit';
import { CtElement, formSlot } from '../internal/ct-element.ts';
import { FormController } from '../internal/form-controller.ts';

type Option = { value: string; label: string; lang?: string };
type Names = typeof import('./country-names.ts').countryOptions;

/** Remembers `country` on this device, or reads the one remembered; null where storage is refused. */
function remembered(country?: string): string | null | void {
  try {
    return country ? localStorage.setItem('ct-country', country) : localStorage.getItem('ct-country');
  } catch {
    return null;
  }
}

/**
 * The full sign-up for a Clickatell account: name, email, company, a country picker that
 * pre-fills the mobile dial prefix, account type, username and password, the terms
 * (shown, and their acceptance required), and a captcha. The country chosen is remembered
 * on the device; until one is, the country of the visitor's language region (`pt-BR`:
 * Brazil; else the page's) is pre-selected, never over a choice or a typed number, and
 * ticking nothing. Every field is checked as the user types against the Connect API's own
 * constraints; after a refusal each failing field says what to fix, everything typed is
 * kept and a fresh captcha is shown. On success a "check your email" view offers to send
 * the activation email again.
 *
 * The form is rendered in the element's light DOM (slotted into the shadow chrome) so
 * password managers and address autofill can fill it and offer to save the new password.
 *
 * @summary Sign-up form: every field of the register call, terms and captcha.
 *
 * @slot form - Filled by the element itself with its light-DOM form; do not use.
 *
 * @event ct-registered - The account was registered (or, in test mode, validated). Detail `{user, emailAddress, testMode}`.
 * @event ct-email-activation-sent - The activation email was sent again. Detail `{user}`.
 * @event ct-error - A call failed. Detail `{action, code, message}`.
 *
 * @csspart base - The outermost wrapper.
 * @csspart title - The heading.
 * @csspart text - Explanations (test mode, "check your email").
 * @csspart alert - Errors (a live region).
 * @csspart status - Progress and success (a live region).
 * @csspart form - The wrapper of the slotted form (its fields carry the classes ct-field, ct-label, ct-input, ct-help-text, ct-error, ct-check, ct-submit; the terms are an embedded `<ct-terms>`, styled through its own parts).
 * @csspart actions - The row of actions after sign-up.
 * @csspart button - "Send the email again".
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
export class CtRegisterForm extends CtElement {
  static override properties: PropertyDeclarations = {
    countries: { attribute: false },
    accounts: { attribute: false },
    done: { attribute: false },
    testMode: { type: Boolean, attribute: 'test-mode' },
    forceCreate: { type: Boolean, attribute: 'force-create' },
    activationRedirect: { attribute: 'activation-redirect' },
    signInHref: { attribute: 'sign-in-href' },
    termsFormat: { attribute: 'terms-format' },
  };
  #form = new FormController(this);

  // As the relay gives them: the API's English name, and the ISO code the relay adds.
  private countries: (Option & { iso?: string | undefined })[] = [];
  // Names them in the visitor's language, once its chunk has loaded with the lists.
  #names?: Names;
  private accounts: Option[] = [];
  // Dial prefix by country id (not shown: no render when it arrives).
  #prefixes: Record<string, string> = {};
  private done = false;
  // The dial prefix this form filled in, so it only replaces its own suggestion.
  #suggested = '';

  /** Check the details without creating an account (the API's test_mode). */
  testMode = false;
  /** Create the account even when one exists for the email address (force_create). */
  forceCreate = false;
  /** Where the activation link sends the user after activating (activation_redirect). */
  activationRedirect = '';
  /**
   * Where "Sign in instead" leads when an account exists for the email address; without
   * it, the link moves focus to a `<ct-login>` on the same page, if there is one.
   */
  signInHref = '';
  /** Ask for the terms as `text` or `html` (sanitised before it is shown). */
  termsFormat: 'text' | 'html' = 'text';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadLists();
  }

  async #loadLists(): Promise<void> {
    const client = this.connect.client;
    try {
      const [countries, prefixes, accounts] = await Promise.all([
        client.call('get_list_country'),
        client.call('get_list_country_prefix'),
        client.call('get_list_account'),
        // Without it (not uploaded, offline), the API's names.
        import('./country-names.ts').then(
          (m) => (this.#names = m.countryOptions),
          () => {},
        ),
      ]);
      this.countries = countries.map((c) => ({ value: c.country_id!, label: c.name!, iso: c.iso_code }));
      this.#prefixes = Object.fromEntries(prefixes.map((p) => [p.country_id!, p.prefix!]));
      // The API's names for its account types, in English whatever the page's language.
      this.accounts = accounts.map((a) => ({ value: a.account_id!, label: a.account_type!, lang: 'en' }));
      // Unless one is chosen already: the country chosen last time on this device, else
      // the region of the visitor's languages or the page's (pt-BR: Brazil). The API names
      // no country for the visitor's IP (get_list_terms answers a document only).
      let id = remembered();
      if (this.#prefixes[id!] === undefined) {
        id = '';
        for (const tag of [...navigator.languages, this.language])
          try {
            const region = new Intl.Locale(tag).region;
            id ||= region && this.countries.find((c) => c.iso === region)?.value;
          } catch {
            // Not a language tag.
          }
      }
      if (id && !this.#form.values.country_id) {
        this.#form.set('country_id', id);
        this.#handleCountry(id, false);
      }
    } catch (error) {
      this.fail('get_list_country', error);
    }
  }

  // `chosen` by the visitor (remembered, and the terms ticked for another country
  // unticked), or pre-selected (neither).
  #handleCountry(country: string, chosen = true): void {
    if (chosen) {
      remembered(country);
      // Other terms now: the ones accepted were another country's.
      if (this.#form.values.accept_terms) this.#form.set('accept_terms', '');
    }
    const prefix = this.#prefixes[country] ?? '';
    const mobile = this.#form.values.mobile_number ?? '';
    if (prefix && (!mobile || mobile === this.#suggested)) {
      this.#form.set('mobile_number', prefix);
      this.#suggested = prefix;
    }
  }

  async #handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const params = this.#form.read(e.target as HTMLFormElement, 'register');
    if (!params) return;
    if (this.testMode) params.test_mode = '1';
    if (this.forceCreate) params.force_create = '1';
    if (this.activationRedirect) params.activation_redirect = this.activationRedirect;
    if (!(await this.#form.run('register', params))) return;
    this.done = true;
    this.setStatus('');
    this.emit('ct-registered', {
      user: params.user!,
      emailAddress: params.email_address!,
      testMode: this.testMode,
    });
    await this.updateComplete;
    this.focusPart('title');
  }

  async #handleResend(): Promise<void> {
    const { user, password } = this.#form.values;
    if (!(await this.#form.run('resend_email_activation', { user, password }))) return;
    this.setStatus(this.t('register.resent'));
    this.emit('ct-email-activation-sent', { user: user! });
  }

  /** Back to an empty form (after a sign-up, for another one). */
  reset(): void {
    this.#form.values = {};
    this.#form.clearErrors();
    this.done = false;
    this.alert = this.status = '';
  }

  // "Sign in instead", under an email address that has an account (105).
  #signIn(): unknown {
    // Looked for only when shown: this runs on every keystroke.
    if (!this.#form.errors.email_address || !this.#form.error?.errors.some((e) => e.code === '105'))
      return nothing;
    const href = this.signInHref;
    const login = document.querySelector('ct-login');
    return href || login
      ? html`<a
          class="ct-link"
          href=${href || '#'}
          @click=${(e: Event) => {
            if (href) return;
            e.preventDefault();
            login!.focus();
          }}
          >${this.t('register.signInstead')}</a
        >`
      : nothing;
  }

  protected override renderLight(): unknown {
    if (this.done || this.connect.session) return nothing;
    const f = this.#form;
    const field = f.field.bind(f, 'register');
    const country = f.values.country_id;
    return f.form(
      this.t('register.title'),
      this.#handleSubmit,
      html`${field('fname', { autocomplete: 'given-name' })}
      ${field('sname', { autocomplete: 'family-name' })}
      ${field('email_address', { autocomplete: 'email', type: 'email' })} ${this.#signIn()}
      ${field('company', { autocomplete: 'organization' })}
      ${field('country_id', { autocomplete: 'country', options: this.#names?.(this.countries, this.language) ?? this.countries, onChange: (v) => this.#handleCountry(v) })}
      ${field('mobile_number', { autocomplete: 'tel', type: 'tel', inputmode: 'numeric', help: this.t('register.mobileHelp') })}
      ${this.accounts.length > 1 ? field('account_id', { autocomplete: 'off', options: this.accounts }) : nothing}
      ${field('user', { autocomplete: 'username', rules: true })}
      ${field('password', { autocomplete: 'new-password', type: 'password', rules: true })}
      ${
        country
          ? html`<ct-terms
              country-id=${country}
              format=${this.termsFormat}
              .endpoint=${this.endpoint}
              .locale=${this.language}
              .label=${this.t('register.terms')}
              .strings=${this.strings}
            ></ct-terms>`
          : nothing
      }
      ${field('accept_terms', { autocomplete: 'off', type: 'checkbox', label: this.t('register.accept') })}
      ${f.captchaField(true)}`,
      this.t('register.submit'),
    );
  }

  protected override render(): unknown {
    const done = this.done;
    const test = this.testMode;
    const session = this.connect.session;
    // Signed in: an account is what the visitor has, not what to offer.
    if (session && !done)
      return this.frame(
        this.t('login.account'),
        this.t('register.signedIn', { user: session.user }),
        nothing,
      );
    return this.frame(
      this.t(done ? 'register.doneTitle' : 'register.title'),
      done
        ? test
          ? this.t('register.doneTest')
          : this.t('register.done', { email: this.#form.values.email_address ?? '' })
        : test && this.t('register.testMode'),
      done
        ? test
          ? nothing
          : html`<div part="actions">
              <button part="button" type="button" @click=${this.#handleResend}>
                ${this.t('register.resend')}
              </button>
            </div>`
        : formSlot,
    );
  }
}
