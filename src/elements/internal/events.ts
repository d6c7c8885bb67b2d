/**
 * Every event the elements fire: `ct-*`, bubbling, composed, with a typed detail that
 * never carries a password, a token or a one-off URL's secret.
 */

export interface CtRegisteredDetail {
  readonly user: string;
  readonly emailAddress: string;
  /** True when the form ran in test mode and no account was created. */
  readonly testMode: boolean;
}
export interface CtAuthenticatedDetail {
  readonly user: string;
  readonly userNumber: string;
}
export interface CtSignedOutDetail {
  readonly user: string;
}
export interface CtEmailActivationSentDetail {
  readonly user: string;
  /** The new address, when the user gave one. */
  readonly emailAddress?: string;
}
export interface CtSmsCodeSentDetail {
  readonly user: string;
  /** The new number, when the user gave one. */
  readonly mobileNumber?: string;
}
export interface CtSmsActivatedDetail {
  readonly user: string;
}
export interface CtConnectionCreatedDetail {
  readonly apiId: string;
  /** The connection type's id (create_connection's `connection_id`). */
  readonly connectionId: string;
  /** The connection type's name, as get_list_connection gives it ("HTTP API"). */
  readonly connectionType: string;
}
export interface CtBuyCreditsOpenedDetail {
  /** The buy page's origin (the one-off URL itself stays private). */
  readonly origin: string;
}
export interface CtErrorDetail {
  readonly action: string;
  /** Connect API code ("404"), relay refusal ("rate_limited") or "network". */
  readonly code: string;
  /** The plain-words message the element showed. */
  readonly message: string;
}

export interface CtEventMap {
  'ct-registered': CustomEvent<CtRegisteredDetail>;
  'ct-authenticated': CustomEvent<CtAuthenticatedDetail>;
  'ct-signed-out': CustomEvent<CtSignedOutDetail>;
  'ct-email-activation-sent': CustomEvent<CtEmailActivationSentDetail>;
  'ct-sms-code-sent': CustomEvent<CtSmsCodeSentDetail>;
  'ct-sms-activated': CustomEvent<CtSmsActivatedDetail>;
  'ct-connection-created': CustomEvent<CtConnectionCreatedDetail>;
  'ct-buy-credits-opened': CustomEvent<CtBuyCreditsOpenedDetail>;
  'ct-error': CustomEvent<CtErrorDetail>;
}

export type CtEventName = keyof CtEventMap;

// Every key of CtEventMap, no more and no fewer: the compiler checks the record.
const names: Record<CtEventName, true> = {
  'ct-registered': true,
  'ct-authenticated': true,
  'ct-signed-out': true,
  'ct-email-activation-sent': true,
  'ct-sms-code-sent': true,
  'ct-sms-activated': true,
  'ct-connection-created': true,
  'ct-buy-credits-opened': true,
  'ct-error': true,
};

/** The name of every `ct-*` event, for pages that listen to them all (a log, analytics). */
export const CT_EVENTS = /* @__PURE__ */ Object.keys(names) as CtEventName[];
export type CtEventDetail<K extends CtEventName> = CtEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * A `ct-*` event, bubbling and composed. Built here, outside any class, because the
 * manifest analyzer lists every `new CustomEvent(...)` in a class body as an event of
 * that class (it would document one named after the variable).
 */
export function ctEvent<K extends CtEventName>(name: K, detail: CtEventDetail<K>): CtEventMap[K] {
  return new CustomEvent(name, { detail, bubbles: true, composed: true }) as CtEventMap[K];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the map in
  interface GlobalEventHandlersEventMap extends CtEventMap {}
}
