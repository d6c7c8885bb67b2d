import { unsafeCSS, html, nothing, type CSSResultGroup, type PropertyDeclarations } from 'lit';
import { CtElement } from '../internal/ct-element.ts';
import { baseStyles } from '../internal/styles.ts';
import type { TermsRecord } from '../../protocol/terms.ts';

/**
 * HTML terms as DOM, built from the tree the relay made of the document (`content_nodes`):
 * allowed elements and text only, links http(s) only and opening in a new tab without an
 * opener. No HTML is parsed in the browser (no innerHTML, no DOMParser). The builder is
 * downloaded on first use only.
 */
export async function termsFragment(nodes: unknown): Promise<DocumentFragment> {
  return (await import('./dom.ts')).build(nodes);
}

/**
 * The Clickatell terms and conditions for a country (`country-id`), or, without one, for
 * the visitor's country (the relay adds the visitor's IP address to the call). As plain
 * text, or as HTML the relay made safe, built by `termsFragment`. Shown in a scrollable,
 * labelled region that keyboard users can focus and scroll.
 *
 * Made to be embedded: `<ct-register-form>` can put `<ct-terms country-id=...>` in its
 * template (pass `endpoint` and `locale` along when it has its own).
 *
 * @summary The terms and conditions for a country or the visitor's IP, as text or sanitised HTML.
 *
 * @event ct-error - The terms could not be fetched. Detail `{action, code, message}`.
 *
 * @csspart base - The outermost wrapper.
 * @csspart title - The label of the terms.
 * @csspart content - The scrollable region with the terms.
 * @csspart alert - Errors (a live region).
 * @csspart status - Progress (a live region).
 * @csspart actions - The row with the "Try again" button.
 * @csspart button - "Try again", after a failure.
 *
 * @cssproperty [--ct-color-primary=#0b57d0] - Links, button and focus ring.
 * @cssproperty [--ct-color-text=#1d2530] - Text.
 * @cssproperty [--ct-color-surface=#fff] - Background.
 * @cssproperty [--ct-color-border=#8a94a3] - Borders.
 * @cssproperty [--ct-color-danger=#b3261e] - Errors.
 * @cssproperty [--ct-radius=6px] - Corner radius.
 * @cssproperty [--ct-spacing=1rem] - The unit of spacing.
 * @cssproperty [--ct-font-family=system-ui, -apple-system, "Segoe UI", Roboto, sans-serif] - Font.
 * @cssproperty [--ct-focus-ring=0 0 0 2px var(--ct-color-surface), 0 0 0 4px var(--ct-color-primary)] - The focus indicator (a box-shadow).
 * @cssproperty [--ct-max-width=32em] - The widest the element grows.
 * @cssproperty [--ct-terms-max-height=20em] - Height of the scrollable region (12em inside `<ct-register-form>`).
 */
export class CtTerms extends CtElement {
  static override styles: CSSResultGroup = [
    baseStyles,
    unsafeCSS(
      `[part~=title]{font-size:1.1em;font-weight:600}[part~=content]{max-height:var(--ct-terms-max-height,20em);overflow:auto;border:1px solid var(--ct-color-border,#8a94a3);border-radius:var(--ct-radius,6px);padding:calc(var(--ct-spacing,1rem)*.75);margin:0;font:inherit;white-space:pre-wrap;overflow-wrap:anywhere}[part~=content].html{white-space:normal}a{color:var(--ct-color-primary,#0b57d0)}`,
    ),
  ];

  static override properties: PropertyDeclarations = {
    doc: { attribute: false },
    failed: { attribute: false },
    countryId: { attribute: 'country-id' },
    format: {},
    label: {},
  };

  // What was last asked for (client, country, format), so each change fetches once.
  #asked = '';
  #request = 0;
  private doc?: { text?: string | undefined } | { node: DocumentFragment };
  private failed = false;

  /** The country whose terms to show (an id from get_list_country); empty: the visitor's country. */
  countryId = '';
  /** `text` or `html` (made safe by the relay, built without parsing HTML). */
  format: 'text' | 'html' = 'text';
  /** The region's label; defaults to "Terms and conditions" in the current language. */
  label = '';

  protected override willUpdate(): void {
    const key = `${this.connect.client.endpoint}\n${this.countryId}\n${this.format}`;
    if (key !== this.#asked) {
      this.#asked = key;
      void this.load();
    }
  }

  /** Fetches the terms again (after a failure). */
  async load(): Promise<void> {
    const n = ++this.#request;
    this.doc = undefined;
    this.failed = false;
    void this.setAlert('');
    this.setStatus(this.t('terms.loading'));
    try {
      const [value] = (await this.connect.client.call('get_list_terms', {
        country_id: this.countryId || undefined,
        terms_format: this.format === 'html' ? '2' : '1',
      })) as readonly Partial<TermsRecord>[];
      // The relay gives HTML terms as a safe tree (only HTML terms have one); HTML from a
      // relay without one is shown as text, never parsed.
      const nodes = value?.content_nodes;
      const doc = nodes ? { node: await termsFragment(nodes) } : { text: value?.content };
      if (n !== this.#request) return;
      this.doc = doc;
      this.setStatus('');
    } catch (error) {
      if (n !== this.#request) return;
      this.setStatus('');
      this.failed = true;
      this.fail('get_list_terms', error);
    }
  }

  async #retry(): Promise<void> {
    await this.load();
    this.focusPart('content');
  }

  protected override render(): unknown {
    const doc = this.doc;
    // The document is in whatever language the API's terms are: lang="" says it is not
    // known (rather than claiming the page's), and dir="auto" reads its direction.
    return html`<div part="base" dir=${this.textDir} lang=${this.language}>
      <div part="title" id="title">${this.label || this.t('terms.title')}</div>
      ${this.renderMessages()}
      ${
        doc
          ? 'node' in doc
            ? html`<div
                part="content"
                class="html"
                dir="auto"
                lang=""
                role="region"
                tabindex="0"
                aria-labelledby="title"
              >
                ${doc.node}
              </div>`
            : html`<pre part="content" dir="auto" lang="" role="region" tabindex="0" aria-labelledby="title">
${doc.text}</pre>`
          : nothing
      }
      ${
        this.failed
          ? html`<div part="actions">
              <button part="button" type="button" @click=${this.#retry}>${this.t('terms.retry')}</button>
            </div>`
          : nothing
      }
    </div>`;
  }
}
