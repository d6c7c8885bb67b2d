/**
 * The base of every ct-* element: finds its relay (the enclosing <ct-connect>, else its
 * own `endpoint`, through the page-wide store), resolves its locale and strings, turns
 * errors into plain words, fires typed events, and renders an optional light-DOM part
 * (`renderLight`) next to its shadow chrome.
 */
import {
  LitElement,
  html,
  nothing,
  render,
  type CSSResultGroup,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { ContextConsumer } from '@lit/context';
import { connectContext } from '../../context/connect-context.ts';
import { storeFor, type ConnectSnapshot, type ConnectStore } from '../../context/connect-store.ts';
import { ConnectError, NETWORK_ERROR } from '../../client/connect-error.ts';
import { failures, hasMessages, isRtl, loadMessages, lookup, type StringTable } from '../../strings/index.ts';
import { adoptLightStyles, baseStyles } from './styles.ts';
import { ctEvent, type CtEventDetail, type CtEventName } from './events.ts';

/** The endpoint an element uses with neither a provider nor its own `endpoint`. */
export const DEFAULT_ENDPOINT = '/connect';

let count = 0;

export abstract class CtElement extends LitElement {
  static override styles: CSSResultGroup = baseStyles;

  // Reactive properties are declared in `static properties`, here and in every element,
  // not with decorators: the same behaviour with less code in the bundle. Internal state
  // is `attribute: false` (what `state: true` amounts to at run time), which the manifest
  // analyzer, unlike `state: true`, does not list as an attribute.
  static override properties: PropertyDeclarations = {
    alert: { attribute: false },
    status: { attribute: false },
    endpoint: {},
    locale: {},
    strings: { attribute: false },
  };

  #consumer = new ContextConsumer(this, { context: connectContext, subscribe: true });
  #ownStore?: ConnectStore;
  #unsubscribe?: () => void;
  #onStrings = () => this.requestUpdate();

  /** @internal A page-unique prefix for ids in the light DOM, where ids are document-wide. */
  readonly uid = `ct${++count}`;

  /** Form-level error, shown and announced in the `alert` part. */
  protected alert = '';
  /** Progress and success, announced politely in the `status` part. */
  protected status = '';

  /** The relay's URL; defaults to the enclosing `<ct-connect>`'s, else `/connect`. */
  endpoint = '';
  /** Language of the text (`en`, `fr`, `ar`, ...); defaults to `<ct-connect>`'s, then the page's `lang`. */
  locale = '';
  /** This element's own string overrides, keyed like the string tables. */
  strings: StringTable = {};

  override connectedCallback(): void {
    super.connectedCallback();
    // The request above went unanswered when this element upgraded before its <ct-connect>.
    if (!this.#consumer.value) waiting.add(this);
    addEventListener('ct-strings-changed', this.#onStrings);
    if (this.renderLight) adoptLightStyles(this);
    // Put back after a removal: catch up with what changed while it was not rendering.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    waiting.delete(this);
    removeEventListener('ct-strings-changed', this.#onStrings);
    this.#unsubscribe?.();
    this.#unsubscribe = this.#ownStore = undefined;
  }

  /** @internal Asks for the enclosing <ct-connect>'s state again: one has appeared on the page. */
  requestContext(): void {
    this.#consumer.hostConnected();
    if (this.#consumer.value) waiting.delete(this);
  }

  /** @internal The shared state: the provider's, or the page-wide store of this element's endpoint. */
  get connect(): ConnectSnapshot {
    const provided = this.endpoint ? undefined : this.#consumer.value;
    if (provided) return provided;
    const store = storeFor(this.endpoint || DEFAULT_ENDPOINT);
    // Only a connected element listens: late code in a removed one (an answer arriving
    // after removal) must not subscribe it again, or every session change would wake it.
    if (this.#ownStore !== store && this.isConnected) {
      this.#unsubscribe?.();
      this.#ownStore = store;
      this.#unsubscribe = store.subscribe(() => this.requestUpdate());
      void store.load();
    }
    return store.snapshot;
  }

  /** @internal The locale in effect. */
  get language(): string {
    return (
      this.locale ||
      this.connect.locale ||
      this.closest<HTMLElement>('[lang]')?.lang ||
      document.documentElement.lang ||
      'en'
    );
  }

  /** @internal `rtl` or `ltr`, for the `dir` of the base part and of the light-DOM form. */
  get textDir(): 'rtl' | 'ltr' {
    return isRtl(this.language) ? 'rtl' : 'ltr';
  }

  /** @internal The text for `key` in the current locale. */
  t(key: string, vars?: Record<string, string | number>): string {
    return this.maybe(key, vars) ?? key;
  }

  /** @internal The text for `key`, or undefined when no table has it. */
  maybe(key: string, vars?: Record<string, string | number>): string | undefined {
    const text = lookup(this.language, key, vars, this.strings);
    if (text) said.set(text, [key, vars]);
    return text;
  }

  /** @internal `text` said again in the current language, when it came from the tables. */
  retell(text: string): string {
    const source = said.get(text);
    return (source && this.maybe(...source)) || text;
  }

  /**
   * @internal What went wrong and what to do next, in plain words, for any error a call
   * throws; '' until the messages have loaded (`fail` waits for them).
   */
  message(error: unknown): string {
    const e = error instanceof ConnectError ? error : undefined;
    // A render (signInText) can ask before any failure has loaded the messages; the relay
    // out of reach is in the main table, since the download would fail the same way.
    if (!hasMessages() && e?.code !== NETWORK_ERROR) {
      void loadMessages().then(() => this.requestUpdate());
      return '';
    }
    const code = e ? (failures.alias[e.code] ?? e.code) : '999';
    if (code === 'rate_limited' && e?.retryAfter) return this.t('e.rate_limited_in', { n: e.retryAfter });
    return (
      this.maybe(`e.${code}`) ??
      this.maybe(failures.setup.test(code) ? 'e.setup' : 'e.999') ??
      // The messages could not be downloaded (offline): the relay's or the API's own words.
      (e?.message || this.t('e.network'))
    );
  }

  /**
   * @internal For elements that need a session and have none: `key`'s text ("sign in
   * first"), or why the relay could not be asked who is signed in, unless the alert
   * already says so.
   */
  signInText(key: string): string {
    const { error } = this.connect;
    const text = error ? this.message(error) : this.t(key);
    return text === this.alert ? '' : text;
  }

  /** Fires a `ct-*` event: bubbling, composed, typed detail. */
  protected emit<K extends CtEventName>(name: K, detail: CtEventDetail<K>): void {
    this.dispatchEvent(ctEvent(name, detail));
  }

  /** @internal Shows and announces a form-level error, and fires `ct-error`. */
  fail(action: string, error: unknown, shown?: string): void {
    // The messages load with the first failure, which waits for them (or for the attempt).
    if (!hasMessages()) {
      void loadMessages().then(() => this.#report(action, error, shown));
      return;
    }
    this.#report(action, error, shown);
  }

  #report(action: string, error: unknown, shown?: string): void {
    const message = this.message(error);
    this.setAlert(shown ?? message);
    this.emit('ct-error', { action, code: error instanceof ConnectError ? error.code : '999', message });
  }

  /** @internal Sets the alert; a repeat of the same text is cleared first so it is announced again. */
  async setAlert(text: string): Promise<void> {
    if (text && text === this.alert) {
      this.alert = '';
      await this.updateComplete;
    }
    this.alert = text;
  }

  /** @internal Sets the polite status text (progress, success). */
  setStatus(text: string): void {
    this.status = text;
  }

  /**
   * The two live regions: `alert` for errors, `status` for progress and success. The
   * alert takes its direction from its text: the API's own English words (when no table
   * has a message) read left to right on a right-to-left page.
   */
  protected renderMessages(): TemplateResult {
    return html`<div part="alert" role="alert" dir="auto">${this.alert}</div>
      <div part="status" role="status">${this.status}</div>`;
  }

  /**
   * The chrome every element with a heading shares: the base part, the title (focusable
   * from code, for when a view's fields go away), the `text` part (hidden while empty,
   * left out for `nothing`), the live regions, then `body`.
   */
  protected frame(title: string, text: unknown, body: unknown): TemplateResult {
    return html`<div part="base" dir=${this.textDir} lang=${this.language}>
      <h2 part="title" tabindex="-1">${title}</h2>
      ${text === nothing ? nothing : html`<p part="text" ?hidden=${!text}>${text || ''}</p>`}
      ${this.renderMessages()} ${body}
    </div>`;
  }

  /** @internal Moves focus to the shadow part `name` (a heading, a result, a button). */
  focusPart(name: string, options?: FocusOptions): void {
    this.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`)?.focus(options);
  }

  /** Moves focus to the first field of the light-DOM form, if there is one. */
  override focus(options?: FocusOptions): void {
    const input = this.querySelector<HTMLElement>('.ct-form .ct-input');
    if (input) input.focus(options);
    else super.focus(options);
  }

  /**
   * Content rendered into the element's light DOM (credential forms, so password
   * managers see a real form). Give its root `slot="form"` to place it in the chrome.
   */
  protected renderLight?(): unknown;

  // A removed element neither renders nor runs willUpdate, where elements start their
  // calls; it renders again, with everything that changed meanwhile, once put back.
  protected override shouldUpdate(): boolean {
    return this.isConnected;
  }

  protected override update(changed: PropertyValues): void {
    // The alert and the status follow a change of language (or a table that arrives).
    this.alert = this.retell(this.alert);
    this.status = this.retell(this.status);
    super.update(changed);
    if (this.renderLight) render(this.renderLight(), this, { host: this });
  }
}

// Which key (and values) each text shown came from, so it can be said again in another
// language. A text two keys share is said again from the last one used.
const said = new Map<string, [string, Record<string, string | number> | undefined]>();

/** Where the light-DOM form is slotted into the chrome. */
export const formSlot = html`<div part="form"><slot name="form"></slot></div>`;

// Elements whose context request found no provider yet. When a <ct-connect> appears
// (@lit/context's `context-provider` event), they ask again and the new provider answers
// those inside it: what ContextRoot does for any context, in a few lines for ours.
// Only in a browser: imported on a server (server rendering), the module touches nothing.
const waiting = new Set<CtElement>();
if (globalThis.window)
  addEventListener('context-provider', () => {
    for (const element of waiting) element.requestContext();
  });
