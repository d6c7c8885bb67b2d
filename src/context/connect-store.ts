/**
 * The state elements share: one client (so one list cache) and one session per relay
 * endpoint. Consumers never mutate a snapshot; they call the store's actions and every
 * change publishes a new snapshot object (so @lit/context notifies).
 */
import { ConnectClient } from '../client/connect-client.ts';

export interface ConnectSession {
  readonly user: string;
  readonly userNumber: string;
  /** Known once an element has learnt it (authenticate_user succeeds only when true). */
  readonly emailActivated?: boolean;
  readonly smsActivated?: boolean;
}

export interface ConnectSnapshot {
  readonly store: ConnectStore;
  readonly client: ConnectClient;
  /** Who is signed in; null when nobody is (or before the relay has answered). */
  readonly session: ConnectSession | null;
  /** True once the relay has said who is signed in (or could not be asked). */
  readonly ready: boolean;
  /** Why the relay could not be asked who is signed in (a `ConnectError`); cleared by an answer. */
  readonly error?: unknown;
  /** The provider's locale, when it sets one. */
  readonly locale?: string;
}

type Listener = (snapshot: ConnectSnapshot) => void;

export class ConnectStore {
  readonly client: ConnectClient;
  #current: ConnectSnapshot;
  #listeners = new Set<Listener>();
  #loading?: Promise<void>;

  constructor(endpoint: string) {
    this.client = new ConnectClient(endpoint);
    this.#current = { store: this, client: this.client, session: null, ready: false };
  }

  get snapshot(): ConnectSnapshot {
    return this.#current;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the relay who is signed in, once per page unless `force` (or the last try failed). */
  load(force = false): Promise<void> {
    if (!this.#loading || force) {
      this.#loading = this.client.session().then(
        (info) =>
          this.#set({
            session: info ? { ...this.#current.session, ...info } : null,
            ready: true,
            error: undefined,
          }),
        // Kept, so an element that needs a session says the relay is unreachable rather
        // than "sign in first"; not cached, so the next element to load asks again.
        (error: unknown) => {
          this.#loading = undefined;
          this.#set({ ready: true, error });
        },
      );
    }
    return this.#loading;
  }

  /** Records a successful sign-in. */
  signedIn(user: string, userNumber: string): void {
    this.#set({ session: { user, userNumber, emailActivated: true }, ready: true, error: undefined });
  }

  /** Merges what an element learnt about the signed-in account. */
  updateSession(patch: Partial<ConnectSession>): void {
    if (this.#current.session) this.#set({ session: { ...this.#current.session, ...patch } });
  }

  /** Ends the session at the relay and here. */
  async signOut(): Promise<void> {
    try {
      await this.client.logout();
    } finally {
      this.#set({ session: null });
    }
  }

  #set(patch: Partial<ConnectSnapshot>): void {
    this.#current = { ...this.#current, ...patch };
    for (const listener of this.#listeners) listener(this.#current);
  }
}

// Page-wide registry on globalThis so two copies of the package share one store.
const REGISTRY = Symbol.for('ct-connect.stores');
type Registry = Map<string, ConnectStore>;

/** The page-wide store for `endpoint`, created on first use. */
export function storeFor(endpoint: string): ConnectStore {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  const stores = (g[REGISTRY] ??= new Map());
  const key = new URL(endpoint, document.baseURI).href;
  let store = stores.get(key);
  if (!store) stores.set(key, (store = new ConnectStore(endpoint)));
  return store;
}
