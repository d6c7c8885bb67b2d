import { unsafeCSS, html, nothing, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import { paramSpec } from '../../protocol/index.ts';
import type { Values } from '../../client/connect-client.ts';
import { CtElement, formSlot } from '../internal/ct-element.ts';
import { FormController } from '../internal/form-controller.ts';
import { loadMessages } from '../../strings/index.ts';
import { baseStyles } from '../internal/styles.ts';

const A = 'create_connection';
// Fields with a default the API assumes: the form starts on it, so "(optional)" is honest.
const DEFAULTS = ['connection_id', 'callback_type_id'];

/**
 * Adds a messaging API connection to the signed-in user's account: connection type (from
 * get_list_connection), an FTP password only when the type that needs one is chosen,
 * description, IP lockdown, default dial prefix, and the delivery callback (URL, type from
 * get_list_callback, username, password). Every field is checked with the protocol's rules
 * as the user goes. After success the new API ID is shown, with a button to copy it.
 *
 * The form is rendered in the element's light DOM (slotted into the shadow chrome), with
 * inputs named after the API's parameters. The FTP and callback passwords are credentials
 * for other systems, so they carry `autocomplete="off"`: a password manager must not file
 * them as this site's password.
 *
 * @summary Add a messaging API connection and see its new API ID.
 *
 * @slot form - Filled by the element itself with its light-DOM form; do not use.
 *
 * @event ct-connection-created - The connection was added. Detail `{apiId, connectionId, connectionType}`.
 * @event ct-error - A call failed. Detail `{action, code, message}`.
 *
 * @csspart base - The outermost wrapper.
 * @csspart title - The heading.
 * @csspart text - Explanations.
 * @csspart alert - Errors (a live region).
 * @csspart status - Progress and success (a live region).
 * @csspart form - The wrapper of the slotted form (its fields carry the classes ct-field, ct-label, ct-input, ct-help-text, ct-error, ct-submit).
 * @csspart result - The box with the new API ID.
 * @csspart api-id - The new API ID.
 * @csspart actions - The row of buttons under the API ID.
 * @csspart button - "Copy API ID".
 * @csspart link - "Add another connection".
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
export class CtCreateConnection extends CtElement {
  static override styles: CSSResultGroup = [
    baseStyles,
    unsafeCSS(`[part~=api-id]{font-family:ui-monospace,monospace;font-size:1.4em;font-weight:600}`),
  ];

  static override properties: PropertyDeclarations = {
    types: { attribute: false },
    callbacks: { attribute: false },
    created: { attribute: false },
  };

  #form = new FormController(this);
  // The client the lists were fetched with, and the user the view belongs to.
  #listed?: unknown;
  #user?: string;

  private types: Values = [];
  private callbacks: Values = [];
  private created?: { apiId: string; connectionType: string };

  constructor() {
    super();
    this.#reset();
  }

  protected override willUpdate(): void {
    const { client, session } = this.connect;
    if (client !== this.#listed) {
      this.#listed = client;
      void this.#loadLists();
    }
    // Another user (or nobody) now: the last one's new API ID and messages are not theirs.
    if (session?.user !== this.#user) {
      this.#user = session?.user;
      this.created = undefined;
      this.status = '';
    }
  }

  async #loadLists(): Promise<void> {
    const client = this.connect.client;
    for (const action of ['get_list_connection', 'get_list_callback'] as const) {
      try {
        const values = await client.call(action);
        if (action === 'get_list_connection') this.types = values;
        else this.callbacks = values;
      } catch (error) {
        this.fail(action, error);
      }
    }
  }

  #reset(): void {
    this.#form.values = {};
    for (const name of DEFAULTS) this.#form.values[name] = paramSpec(A, name)!.default!;
    this.#form.clearErrors();
  }

  async #handleSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const f = this.#form;
    if (f.busy) return;
    const params = f.read(e.target as HTMLFormElement, A);
    if (!params) return;
    const values = await f.run(A, params);
    if (!values) return;
    const apiId = values[0]?.api_id ?? '';
    const connectionId = params.connection_id || paramSpec(A, 'connection_id')!.default!;
    const connectionType =
      this.types.find((t) => t.connection_type_id === connectionId)?.connection_type ?? '';
    // Passwords for other systems are not kept once they have done their job.
    f.values.ftp_password = f.values.callback_password = '';
    this.created = { apiId, connectionType };
    this.setStatus(this.t('connection.done'));
    this.emit('ct-connection-created', { apiId, connectionId, connectionType });
    await this.updateComplete;
    this.focusPart('result');
  }

  async #copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.created!.apiId);
      this.setStatus(this.t('connection.copied'));
    } catch {
      // Its words come with the messages for failed calls.
      await loadMessages();
      void this.setAlert(this.t('connection.copyFailed'));
    }
  }

  async #another(): Promise<void> {
    this.created = undefined;
    this.#reset();
    this.setStatus('');
    await this.updateComplete;
    this.focus();
  }

  protected override renderLight(): unknown {
    if (this.created || !this.connect.session) return nothing;
    const f = this.#form;
    const ftp = paramSpec(A, 'ftp_password')!.onlyWhen!;
    const list = (values: Values, id: string, label: string) =>
      values.map((v) => ({ value: v[id] ?? '', label: v[label] ?? '' }));
    const off = { autocomplete: 'off' };
    return f.form(
      this.t('connection.title'),
      this.#handleSubmit,
      html`${f.field(A, 'connection_id', { ...off, options: list(this.types, 'connection_type_id', 'connection_type') })}
      ${f.values[ftp.param] === ftp.equals ? f.field(A, 'ftp_password', { ...off, type: 'password' }) : nothing}
      ${f.field(A, 'api_description', off)}
      ${f.field(A, 'ip_address', { ...off, help: this.t('connection.ipHelp') })}
      ${f.field(A, 'dial_prefix', { ...off, inputmode: 'numeric', help: this.t('connection.prefixHelp') })}
      ${f.field(A, 'callback_url', { ...off, type: 'url', help: this.t('connection.callbackHelp') })}
      ${f.field(A, 'callback_type_id', { ...off, options: list(this.callbacks, 'callback_type_id', 'callback_type') })}
      ${f.field(A, 'callback_username', off)} ${f.field(A, 'callback_password', { ...off, type: 'password' })}
      ${f.captchaField()}`,
      this.t('connection.submit'),
    );
  }

  protected override render(): unknown {
    const { session, ready } = this.connect;
    const c = this.created;
    const text = !session && ready ? this.signInText('connection.signIn') : this.t('connection.intro');
    return this.frame(
      this.t('connection.title'),
      c ? nothing : text,
      c
        ? html`<div part="result" role="group" tabindex="-1" aria-labelledby="${this.uid}-id">
            <p part="text" id="${this.uid}-id">
              ${this.t('connection.apiId', { type: c.connectionType })}
              <span part="api-id">${c.apiId}</span>
            </p>
            <div part="actions">
              ${
                navigator.clipboard
                  ? html`<button part="button" type="button" @click=${this.#copy}>
                      ${this.t(this.status === this.t('connection.copied') ? 'connection.copied' : 'connection.copy')}
                    </button>`
                  : nothing
              }
              <button part="link" type="button" @click=${this.#another}>
                ${this.t('connection.another')}
              </button>
            </div>
          </div>`
        : formSlot,
    );
  }
}
