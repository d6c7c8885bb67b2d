/**
 * The XML codec of the Connect API (PROTOCOL.md), shared by the relay and the emulator.
 * Server side only: the browser never parses XML (fast-xml-parser alone would triple the
 * browser bundle).
 */
import { XMLParser, XMLValidator, type MatcherView } from 'fast-xml-parser';
import { canonicalParamName, getAction, type ActionSpec } from './actions.ts';
import { RETURNS } from './returns.ts';

/** A document or form body the codec refuses; `message` says what was wrong, safely. */
export class CodecError extends Error {
  override name = 'CodecError';
  /** The parameter the problem concerns, when it concerns one. */
  readonly field?: string;
  /** The call of the request document, when the problem is in one of its parameters. */
  readonly action?: string;
  constructor(message: string, field?: string, action?: string) {
    super(message);
    if (field !== undefined) this.field = field;
    if (action !== undefined) this.action = action;
  }
}

export interface CodecLimits {
  /** Largest document accepted, in characters. Default 1,000,000. */
  readonly maxLength?: number;
  /** Deepest element nesting accepted. Default 8. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_LENGTH = 1_000_000;
const DEFAULT_MAX_DEPTH = 8;

// Characters XML 1.0 cannot carry at all, not even as character references.
const UNSENDABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Escapes text for an element's content. Markup characters become entities; carriage
 * returns and leading or trailing whitespace become character references, so the parser's
 * line-end normalisation and trimming give back exactly the text that was sent.
 */
export function escapeText(value: string, field = 'value'): string {
  if (UNSENDABLE.test(value)) {
    throw new CodecError(`The ${field} field holds a control character that cannot be sent.`, field);
  }
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  out = out.replace(/^[ \t\n]+|[ \t\n]+$/g, (ws) => [...ws].map((c) => `&#${c.charCodeAt(0)};`).join(''));
  return out;
}

function element(name: string, value: string): string {
  if (!NAME.test(name)) throw new CodecError(`"${name}" is not a valid field name.`);
  return `<${name}>${escapeText(value, name)}</${name}>`;
}

/** The request document for a call: `<clickatellsdk><action>…</action>…</clickatellsdk>`. */
export function buildRequest(action: string, params: Readonly<Record<string, string>> = {}): string {
  let body = element('action', action);
  for (const [name, value] of Object.entries(params)) body += element(name, value);
  return `<clickatellsdk>${body}</clickatellsdk>`;
}

/** A decoded request: the action as sent (aliases resolved when known) and its parameters. */
export interface DecodedRequest {
  /** The canonical action name, or the text sent when no call has that name. */
  readonly action: string;
  readonly spec: ActionSpec | undefined;
  /** Parameter names lower-cased and aliases resolved; values exactly as sent. */
  readonly params: Record<string, string>;
}

/** One `<Error>`/`<Description>` pair of an error answer. */
export interface WireError {
  readonly code: string;
  readonly description: string;
}

export interface ResponseDocument {
  readonly action: string;
  readonly result: 'Success' | 'Error';
  readonly values: readonly Readonly<Record<string, string>>[];
  readonly errors: readonly WireError[];
  /** Unix seconds. */
  readonly timestamp: number;
}

const parserOptions = {
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: (name: string) => name.toLowerCase(),
  // Callbacks get the parser's view of the path, not a path string built for every element.
  jPath: false,
  isArray: (name: string, path: unknown) =>
    name === 'value' ||
    ((name === 'error' || name === 'description') && (path as MatcherView).getDepth() === 2),
};
const parser = new XMLParser({ ...parserOptions, htmlEntities: true });
// fast-xml-parser builds its table of HTML entities afresh for every document it parses
// (about half the cost of parsing an answer). A document without "&" holds no entity or
// character reference, so the parser without that table reads it the same.
const referenceFreeParser = new XMLParser({ ...parserOptions, htmlEntities: false });

function checkShape(xml: string, limits: CodecLimits): void {
  const maxLength = limits.maxLength ?? DEFAULT_MAX_LENGTH;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (xml.length > maxLength) throw new CodecError(`The document is longer than ${maxLength} characters.`);
  if (/<!DOCTYPE/i.test(xml)) throw new CodecError('Documents with a DOCTYPE are refused.');
  if (/<!ENTITY/i.test(xml)) throw new CodecError('Documents with entity declarations are refused.');
  if (xml.trim() === '') throw new CodecError('The document is empty.');
  let depth = 0;
  // Counting tags is enough here: the validator below has already refused anything
  // ill-formed by the time a depth matters, and this scan is linear.
  for (const match of xml.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (match[1]) depth--;
    else if (!match[2]) depth++;
    if (depth > maxDepth) throw new CodecError(`The document nests deeper than ${maxDepth} elements.`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new CodecError(`The document is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  }
}

function parseRoot(xml: string, limits: CodecLimits): Record<string, unknown> {
  checkShape(xml, limits);
  const doc = (xml.includes('&') ? parser : referenceFreeParser).parse(xml) as Record<string, unknown>;
  const names = Object.keys(doc);
  if (names.length !== 1 || names[0] !== 'clickatellsdk') {
    throw new CodecError('The root element must be <clickatellsdk>.');
  }
  const root = doc['clickatellsdk'];
  if (root === '' || root === undefined) return {};
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new CodecError('<clickatellsdk> must hold one element per field.');
  }
  return root as Record<string, unknown>;
}

function text(value: unknown, name: string, action?: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) throw new CodecError(`The field ${name} appears more than once.`, name, action);
  throw new CodecError(`The field ${name} must hold text, not elements.`, name, action);
}

/** Decodes a request document (the emulator's side). */
export function parseRequest(xml: string, limits: CodecLimits = {}): DecodedRequest {
  const root = parseRoot(xml, limits);
  if (!('action' in root)) throw new CodecError('The document has no <action>.');
  const sent = text(root['action'], 'action');
  const spec = getAction(sent);
  const params: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(root)) {
    if (rawName === 'action') continue;
    const name = canonicalParamName(rawName);
    if (name in params) throw new CodecError(`The field ${name} appears more than once.`, name, spec?.name);
    params[name] = text(value, name, spec?.name);
  }
  return { action: spec?.name ?? sent, spec, params };
}

/** The answer document for a call (the emulator's side). */
export function buildResponse(doc: ResponseDocument): string {
  let body = element('Action', doc.action) + element('Result', doc.result);
  if (doc.result === 'Success') {
    let values = '';
    for (const record of doc.values) {
      let fields = '';
      for (const [name, value] of Object.entries(record)) fields += element(name, value);
      values += `<Value>${fields}</Value>`;
    }
    body += `<Values>${values}</Values>`;
  } else {
    for (const error of doc.errors)
      body += element('Error', error.code) + element('Description', error.description);
  }
  body += element('Timestamp', String(doc.timestamp));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ClickatellSDK>${body}</ClickatellSDK>`;
}

function asRecords(values: unknown, spec: ActionSpec | undefined): Record<string, string>[] {
  if (values === undefined || values === '') return [];
  if (typeof values !== 'object' || values === null)
    throw new CodecError('<Values> must hold <Value> records.');
  const list = (values as Record<string, unknown>)['value'];
  if (list === undefined) return [];
  const spelled = new Map((spec ? RETURNS[spec.name] : []).map((name) => [name.toLowerCase(), name]));
  return (list as unknown[]).map((record) => {
    const out: Record<string, string> = {};
    if (record === '') return out;
    if (typeof record !== 'object' || record === null)
      throw new CodecError('A <Value> record must hold fields.');
    for (const [name, value] of Object.entries(record as Record<string, unknown>)) {
      out[spelled.get(name) ?? name] = text(value, name);
    }
    return out;
  });
}

/**
 * Decodes an answer document (the relay's side): element names in any case, `Values`
 * always a list, every `Error`/`Description` pair kept in order, all values as strings,
 * field names spelled as the call's `returns` list says.
 */
export function parseResponse(xml: string, limits: CodecLimits = {}): ResponseDocument {
  const root = parseRoot(xml, limits);
  const action = root['action'] === undefined ? '' : text(root['action'], 'Action');
  const result = root['result'] === undefined ? '' : text(root['result'], 'Result');
  const timestampText = root['timestamp'] === undefined ? '' : text(root['timestamp'], 'Timestamp');
  const timestamp = /^\d+$/.test(timestampText) ? Number(timestampText) : Math.floor(Date.now() / 1000);
  const spec = getAction(action);
  if (result.toLowerCase() === 'success') {
    return {
      action: spec?.name ?? action,
      result: 'Success',
      values: asRecords(root['values'], spec),
      errors: [],
      timestamp,
    };
  }
  if (result.toLowerCase() !== 'error')
    throw new CodecError('The answer has no <Result> of Success or Error.');
  const codes = (root['error'] as unknown[] | undefined) ?? [];
  const descriptions = (root['description'] as unknown[] | undefined) ?? [];
  const errors = codes.map((code, i) => ({
    code: text(code, 'Error'),
    description: descriptions[i] === undefined ? '' : text(descriptions[i], 'Description'),
  }));
  if (errors.length === 0) errors.push({ code: '999', description: '' });
  return { action: spec?.name ?? action, result: 'Error', values: [], errors, timestamp };
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The value of one field of an `application/x-www-form-urlencoded` body or query string,
 * decoded byte-wise and refused when the bytes are not UTF-8 (URLSearchParams would
 * silently put U+FFFD in their place).
 */
export function readFormField(body: string, name: string): string | undefined {
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (decodeFormComponent(key, 'field name') !== name) continue;
    return decodeFormComponent(eq === -1 ? '' : pair.slice(eq + 1), name);
  }
  return undefined;
}

function decodeFormComponent(component: string, field: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < component.length; i++) {
    const c = component.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(component.slice(i + 1, i + 3))) {
      bytes.push(parseInt(component.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else bytes.push(...new TextEncoder().encode(component[i]!));
  }
  try {
    return fatalUtf8.decode(new Uint8Array(bytes));
  } catch {
    throw new CodecError(`The ${field} is not valid UTF-8.`);
  }
}

/** A form body with one `XML` field, as the Connect API expects it. */
export function formBody(xml: string): string {
  return 'XML=' + encodeURIComponent(xml);
}
