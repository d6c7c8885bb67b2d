/**
 * The base of every ct-* element: finds its relay (the enclosing <ct-connect>, else its
 * own `endpoint`, through the page-wide store), resolves its locale and strings, turns
 * errors into plain words, fires typed events, and renders an optional light-DOM part
 * (`renderLight`) next to its shadow chrome.
 */
import {
  LitElement,
  html,
  render,
  type CSSResultGroup,
  type PropertyValues,
  type TemplateResult,
  type PropertyDeclarations,
} from 'lit';
import { ContextConsumer } from '@lit/context';
import { connectContext } from '../../context/connect-context.ts';
import { storeFor, type ConnectSnapshot, type ConnectStore } from '../../context/connect-store.ts';
import { ConnectError } from '../../client/connect-error.ts';
import { hasMessages, isRtl, loadMessages, lookup, type StringTable } from '../../strings/index.ts';
import { adoptLightStyles, baseStyles } from './styles.ts';
import { ctEvent, type CtEventDetail, type CtEventName } from './events.ts';

/** The endpoint an element uses with neither a provider nor its own `endpoint`. */
export const DEFAULT_ENDPOINT = '/connect';

// Codes that share one plain-words message.
const ALIAS: Record<string, string> = {
  '004': '003',
  '440': '404',
  '402': '400',
  '403': '400',
  '409': '410',
  internal: '999',
  upstream_bad_answer: 'upstream_unreachable',
  unsafe_url: 'upstream_unreachable',
};
// Refusals that only the site's owner can fix (token, allowlists, relay configuration).
const SETUP =
  /^(00[5-9]|415|430|436|bad_request|unknown_param|unsendable_value|action_not_allowed|origin_not_allowed|header_missing|not_found|method_not_allowed|too_large)$/;

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

  private consumer = new ContextConsumer(this, { context: connectContext, subscribe: true });
  private ownStore?: ConnectStore;
  private unsubscribe?: () => void;
  private onStrings = () => this.requestUpdate();

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
    if (!this.consumer.value) waiting.add(this);
    addEventListener('ct-strings-changed', this.onStrings);
    if (this.renderLight) adoptLightStyles(this);
    // Put back after a removal: catch up with what changed while it was not rendering.
    if (this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    waiting.delete(this);
    removeEventListener('ct-strings-changed', this.onStrings);
    this.unsubscribe?.();
    this.unsubscribe = this.ownStore = undefined;
  }

  /** @internal Asks for the enclosing <ct-connect>'s state again: one has appeared on the page. */
  requestContext(): void {
    this.consumer.hostConnected();
    if (this.consumer.value) waiting.delete(this);
  }

  /** @internal The shared state: the provider's, or the page-wide store of this element's endpoint. */
  get connect(): ConnectSnapshot {
    const provided = this.endpoint ? undefined : this.consumer.value;
    if (provided) return provided;
    const store = storeFor(this.endpoint || DEFAULT_ENDPOINT);
    // Only a connected element listens: late code in a removed one (an answer arriving
    // after removal) must not subscribe it again, or every session change would wake it.
    if (this.ownStore !== store && this.isConnected) {
      this.unsubscribe?.();
      this.ownStore = store;
      this.unsubscribe = store.subscribe(() => this.requestUpdate());
      void store.load();
    }
    return store.snapshot;
  }

  /** The locale in effect. */
  protected get language(): string {
    return (
      this.locale ||
      this.connect.locale ||
      this.closest<HTMLElement>('[lang]')?.lang ||
      document.documentElement.lang ||
      'en'
    );
  }

  /** `rtl` or `ltr`, for the `dir` of the base part and of the light-DOM form. */
  protected get textDir(): 'rtl' | 'ltr' {
    return isRtl(this.language) ? 'rtl' : 'ltr';
  }

  /** @internal The text for `key` in the current locale. */
  t(key: string, vars?: Record<string, string | number>): string {
    return lookup(this.language, key, vars, this.strings) ?? key;
  }

  /** @internal The text for `key`, or undefined when no table has it. */
  maybe(key: string, vars?: Record<string, string | number>): string | undefined {
    return lookup(this.language, key, vars, this.strings);
  }

  /**
   * @internal What went wrong and what to do next, in plain words, for any error a call
   * throws; '' until the messages have loaded (`fail` waits for them).
   */
  message(error: unknown): string {
    const code = error instanceof ConnectError ? (ALIAS[error.code] ?? error.code) : '999';
    if (code === 'rate_limited' && error instanceof ConnectError && error.retryAfter)
      return this.t('e.rate_limited_in', { n: error.retryAfter });
    const text = this.maybe(`e.${code}`) ?? this.maybe(SETUP.test(code) ? 'e.setup' : 'e.999');
    if (text) return text;
    // A render (signInText) asks before any failure has loaded the messages.
    if (!hasMessages()) {
      void loadMessages().then(() => this.requestUpdate());
      return '';
    }
    // The messages could not be downloaded (offline): the relay's or the API's own words.
    return (error instanceof ConnectError && error.message) || this.t('e.network');
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
      void loadMessages().then(() => this.report(action, error, shown));
      return;
    }
    this.report(action, error, shown);
  }

  private report(action: string, error: unknown, shown?: string): void {
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

  /** The two live regions: `alert` for errors, `status` for progress and success. */
  protected renderMessages(): TemplateResult {
    return html`<div part="alert" role="alert">${this.alert}</div>
      <div part="status" role="status">${this.status}</div>`;
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
    super.update(changed);
    if (this.renderLight) render(this.renderLight(), this, { host: this });
  }
}

// Elements whose context request found no provider yet. When a <ct-connect> appears
// (@lit/context's `context-provider` event), they ask again and the new provider answers
// those inside it: what ContextRoot does for any context, in a few lines for ours.
const waiting = new Set<CtElement>();
addEventListener('context-provider', () => {
  for (const element of waiting) element.requestContext();
});
