/**
 * The context `<ct-connect>` provides and every element consumes, over the community
 * context protocol (the `context-request` and `context-provider` events that @lit/context
 * speaks too, so its consumers and providers interoperate with ours). The key is made
 * with `Symbol.for` so two copies of the package on one page still meet. Written out here
 * rather than taken from @lit/context's controllers: the few cases the elements need, in
 * a fraction of the bytes.
 */
import type { Context } from '@lit/context';
import type { ConnectSnapshot } from './connect-store.ts';

export const connectContext = Symbol.for('ct-connect') as Context<symbol, ConnectSnapshot>;

/** What a provider calls with its value; `release` ends the subscription. */
export type ContextCallback = (value: ConnectSnapshot, release: () => void) => void;

/** The protocol's event fields, as a provider reads them. */
export interface ContextEvent extends Event {
  context: unknown;
  contextTarget?: Element;
  callback: ContextCallback;
  subscribe?: boolean;
}

/** Fires `type` from `target`: a subscribing request (with `callback`), or a provider's announcement. */
export function contextEvent(type: string, target: Element, callback?: ContextCallback): void {
  target.dispatchEvent(
    Object.assign(new Event(type, { bubbles: true, composed: true }), {
      context: connectContext,
      contextTarget: target,
      callback,
      subscribe: true,
    }),
  );
}
