import { LitElement, html, unsafeCSS, type PropertyValues, type PropertyDeclarations } from 'lit';
import { ContextProvider } from '@lit/context';
import { connectContext } from '../../context/connect-context.ts';
import { storeFor, type ConnectStore } from '../../context/connect-store.ts';

/**
 * The provider: every ct-* element inside it uses its relay, its session and its list
 * cache, and its locale unless the element sets its own.
 *
 * @summary Shares one relay endpoint, session and language with the elements inside it.
 *
 * @slot - The ct-* elements (and any other content) of the page.
 */
export class CtConnect extends LitElement {
  static override styles = unsafeCSS(`:host{display:contents}`);

  static override properties: PropertyDeclarations = {
    endpoint: {},
    locale: {},
  };

  #provider = new ContextProvider(this, { context: connectContext });
  #store?: ConnectStore;
  #unsubscribe?: () => void;

  /** The relay's URL, absolute or relative to the page. */
  endpoint = '/connect';
  /** Language of every element inside (`en`, `fr`, `ar`, ...); defaults to the page's `lang`. */
  locale = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.#attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = this.#store = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) this.#attach();
    else if (changed.has('locale')) this.#publish();
  }

  #attach(): void {
    const store = storeFor(this.endpoint);
    if (store === this.#store) return;
    this.#unsubscribe?.();
    this.#store = store;
    this.#unsubscribe = store.subscribe(() => this.#publish());
    this.#publish();
    void store.load();
  }

  // A new object each time: @lit/context only notifies consumers of a new value.
  #publish(): void {
    if (this.#store) this.#provider.setValue({ ...this.#store.snapshot, locale: this.locale || undefined });
  }

  protected override render(): unknown {
    return html`<slot></slot>`;
  }
}
