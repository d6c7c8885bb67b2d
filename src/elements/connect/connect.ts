import { unsafeCSS, LitElement, html, type PropertyValues, type PropertyDeclarations } from 'lit';
import {
  connectContext,
  contextEvent,
  type ContextCallback,
  type ContextEvent,
} from '../../context/connect-context.ts';
import { storeFor, type ConnectSnapshot, type ConnectStore } from '../../context/connect-store.ts';

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

  // Each subscribed element's callback, with the element and how it unsubscribes.
  private consumers = new Map<ContextCallback, [Element, () => void]>();
  private value?: ConnectSnapshot;
  private store?: ConnectStore;
  private unsubscribe?: () => void;

  /** The relay's URL, absolute or relative to the page. */
  endpoint = '/connect';
  /** Language of every element inside (`en`, `fr`, `ar`, ...); defaults to the page's `lang`. */
  locale = '';

  constructor() {
    super();
    this.addEventListener('context-request', (e) => {
      const { context, contextTarget, callback, subscribe } = e as ContextEvent;
      if (context !== connectContext || (contextTarget ?? e.composedPath()[0]) === this) return;
      e.stopPropagation();
      if (!subscribe) return callback(this.value!, () => {});
      let entry = this.consumers.get(callback);
      if (!entry)
        this.consumers.set(callback, (entry = [contextTarget!, () => this.consumers.delete(callback)]));
      callback(this.value!, entry[1]);
    });
    // A <ct-connect> inside this one appeared: the elements inside it ask again, and it answers them.
    this.addEventListener('context-provider', (e) => {
      const { context, contextTarget } = e as ContextEvent;
      if (context !== connectContext || contextTarget === this) return;
      e.stopPropagation();
      for (const [callback, [target]] of this.consumers) contextEvent('context-request', target, callback);
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.attach();
    contextEvent('context-provider', this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
    this.unsubscribe = this.store = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint')) this.attach();
    else if (changed.has('locale')) this.publish();
  }

  private attach(): void {
    const store = storeFor(this.endpoint);
    if (store === this.store) return;
    this.unsubscribe?.();
    this.store = store;
    this.unsubscribe = store.subscribe(() => this.publish());
    this.publish();
    void store.load();
  }

  private publish(): void {
    if (!this.store) return;
    this.value = { ...this.store.snapshot, locale: this.locale || undefined };
    for (const [callback, [, release]] of this.consumers) callback(this.value, release);
  }

  protected override render(): unknown {
    return html`<slot></slot>`;
  }
}
