/**
 * Hostile HTML terms under a strict CSP with Trusted Types: the relay serves each vector of
 * HOSTILE_TERMS as the terms of "country" n (web-test-runner.config.mjs), <ct-terms> shows
 * them, and the page records every CSP violation report. None may come, and the benign text
 * after each vector must be shown.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/terms/define.ts';
import type { CtTerms } from '../../src/elements/terms/terms.ts';
import { HOSTILE_TERMS } from '../fixtures/hostile-terms.ts';
import { part, until } from './helpers.ts';

// terms-csp-php.test.ts runs the same checks against the PHP relay, at its own endpoint.
const ENDPOINT = (globalThis as { ctTermsEndpoint?: string }).ctTermsEndpoint ?? '/connect-hostile';

// Scripts from this origin only, no inline style, no eval, and Trusted Types for every HTML
// sink (Lit's own policy allowed), in force before any terms are shown.
const meta = document.createElement('meta');
meta.httpEquiv = 'Content-Security-Policy';
meta.content =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types lit-html";
document.head.append(meta);

const reports: SecurityPolicyViolationEvent[] = [];
document.addEventListener('securitypolicyviolation', (e) => reports.push(e));

/**
 * Waits until every violation report so far has been delivered: causes one of its own (an
 * inline style attribute) and waits for it; reports are delivered in order.
 */
async function settledReports(): Promise<string[]> {
  const canary = document.createElement('span');
  document.body.append(canary);
  canary.setAttribute('style', 'color: red');
  await until(() => reports.some((e) => e.target === canary), 'the canary violation was never reported');
  canary.remove();
  return reports
    .filter((e) => e.target !== canary)
    .map((e) => `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
}

describe('ct-terms: hostile HTML terms under a strict CSP with Trusted Types', () => {
  for (const [n, hostile] of HOSTILE_TERMS.entries()) {
    it(`${hostile.name}: shows the benign text and nothing active`, async () => {
      const el = await fixture<CtTerms>(
        html`<ct-terms format="html" endpoint=${ENDPOINT} country-id=${String(n)}></ct-terms>`,
      );
      const region = await until(() => {
        const r = part(el, 'content');
        return r?.classList.contains('html') ? r : undefined;
      }, 'no HTML terms shown');
      const text = region.textContent ?? '';
      let from = 0;
      for (const kept of hostile.kept) {
        const at = text.indexOf(kept, from);
        expect(at, `"${kept}" in ${JSON.stringify(text)}`).to.be.greaterThan(-1);
        from = at + kept.length;
      }
      expect(
        region.querySelector('script, style, img, svg, math, iframe, object, form, input, meta, link, base'),
      ).to.equal(null);
      for (const node of region.querySelectorAll('*')) {
        for (const { name, value } of node.attributes) {
          expect(name).not.to.match(/^on|^style$|^id$|^name$/);
          if (name === 'href') expect(value).to.match(/^https?:\/\//);
        }
      }
      expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
    });
  }

  it('causes no CSP or Trusted Types violation report', async () => {
    expect(await settledReports()).to.deep.equal([]);
  });
});
