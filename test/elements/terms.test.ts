import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/terms/define.ts';
import '../../src/elements/connect/define.ts';
import { termsFragment, type CtTerms } from '../../src/elements/terms/terms.ts';
import { countryId, DOWN_ENDPOINT, part, resetEmulator, text, until } from './helpers.ts';

async function mount(template = html`<ct-terms></ct-terms>`): Promise<CtTerms> {
  const root = await fixture<HTMLElement>(template);
  return root.localName === 'ct-terms' ? (root as CtTerms) : root.querySelector('ct-terms')!;
}

const shown = (el: CtTerms) => until(() => part(el, 'content'), 'no terms shown');

const markup = (fragment: DocumentFragment) => {
  const div = document.createElement('div');
  div.append(fragment);
  return div;
};

describe('ct-terms', () => {
  before(resetEmulator);

  describe('accessible', () => {
    it('is accessible showing text terms, without downloading the HTML terms builder', async () => {
      const el = await mount();
      await shown(el);
      await expect(el).to.be.accessible();
      const builder = () =>
        performance.getEntriesByType('resource').filter((r) => /terms\/dom/i.test(r.name));
      expect(builder()).to.have.length(0);
      await termsFragment([['p', {}, 'now']]);
      expect(builder()).to.have.length(1);
    });

    it('is accessible showing HTML terms', async () => {
      const el = await mount(html`<ct-terms format="html"></ct-terms>`);
      await until(() => part(el, 'content')?.querySelector('p'));
      await expect(el).to.be.accessible();
    });

    it('is accessible after a failure, with its "Try again" button', async () => {
      const el = await mount(html`<ct-terms endpoint=${DOWN_ENDPOINT}></ct-terms>`);
      await until(() => part(el, 'button'));
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it("shows the terms for the visitor's location as preformatted text in a labelled, focusable region", async () => {
      const el = await mount();
      const region = await shown(el);
      expect(el.format).to.equal('text');
      expect(region.localName).to.equal('pre');
      expect(region.getAttribute('role')).to.equal('region');
      expect(region.tabIndex).to.equal(0);
      const label = el.shadowRoot!.getElementById(region.getAttribute('aria-labelledby')!)!;
      expect(label.textContent).to.equal('Terms and conditions');
      // The test page comes from 127.0.0.1, which no country claims: the main version.
      expect(region.textContent).to.contain('Clickatell terms and conditions (main version');
      expect(region.children).to.have.length(0);
    });

    it('works inside <ct-connect>', async () => {
      const el = await mount(html`<ct-connect endpoint="/connect"><ct-terms></ct-terms></ct-connect>`);
      expect((await shown(el)).textContent).to.contain('terms and conditions');
    });
  });

  describe('attributes', () => {
    it('country-id shows that country’s terms, and a change fetches the new ones', async () => {
      const za = await countryId('South Africa');
      const el = await mount(html`<ct-terms country-id=${za}></ct-terms>`);
      await until(() => text(el, 'content').includes('South Africa version'));
      el.countryId = await countryId('India');
      await until(() => text(el, 'content').includes('India version'));
    });

    it('format="html" renders the HTML terms, sanitised', async () => {
      const el = await mount(html`<ct-terms format="html"></ct-terms>`);
      const region = await until(() => {
        const r = part(el, 'content');
        return r?.querySelector('h2') ? r : undefined;
      });
      expect(region.localName).to.equal('div');
      expect(region.querySelector('p')!.textContent).to.contain('stand-in');
      expect(region.querySelector('script, style, meta, title')).to.equal(null);
    });

    it('label names the region', async () => {
      const el = await mount(html`<ct-terms label="Clickatell’s terms"></ct-terms>`);
      await shown(el);
      expect(text(el, 'title')).to.equal('Clickatell’s terms');
    });
  });

  describe('the HTML terms builder', () => {
    it('builds only allowed elements, attributes and http(s) links, even from a forged tree, and opens links in a new tab', async () => {
      // What a relay never sends, as a compromised or buggy one might.
      const div = markup(
        await termsFragment([
          ['h2', {}, 'Terms'],
          ['p', {}, 'Read ', ['a', { href: 'https://www.clickatell.com/legal' }, 'this'], '.'],
          ['script', {}, 'window.pwned = 1'],
          ['img', { src: 'x', onerror: 'window.pwned = 2' }],
          ['a', { href: 'javascript:window.pwned = 3' }, 'click'],
          ['a', { href: ' JaVaScRiPt:window.pwned = 4' }, 'again'],
          ['p', { onclick: 'window.pwned = 5', style: 'position:fixed' }, 'styled'],
          ['svg', {}, ['script', {}, 'window.pwned = 6']],
          ['iframe', { src: 'https://evil.example' }],
          ['form', { action: 'https://evil.example' }, ['input', {}]],
          ['constructor', {}, 'proto'],
          ['p', ['not attributes'], 'bad'],
          42,
          '<img src=x onerror="window.pwned = 7">',
        ]),
      );
      expect(div.querySelector('script, img, svg, iframe, form, input, constructor')).to.equal(null);
      const attributes = [...div.querySelectorAll('*')].flatMap((e) => e.getAttributeNames());
      expect(attributes.filter((a) => !['href', 'target', 'rel'].includes(a))).to.deep.equal([]);
      expect(div.querySelector('h2')!.textContent).to.equal('Terms');
      // Text is text: markup in it is shown, never parsed.
      expect(div.lastChild!.textContent).to.equal('<img src=x onerror="window.pwned = 7">');
      const links = [...div.querySelectorAll('a')];
      expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([
        'https://www.clickatell.com/legal',
        null,
        null,
      ]);
      for (const a of links) {
        expect(a.target).to.equal('_blank');
        expect(a.rel).to.equal('noopener noreferrer');
      }
      document.body.append(div);
      div.remove();
      expect((window as unknown as { pwned?: number }).pwned).to.equal(undefined);
    });
  });

  describe('events', () => {
    it('fires ct-error and offers to try again when the relay is down', async () => {
      const el = document.createElement('ct-terms');
      el.endpoint = DOWN_ENDPOINT;
      const first = oneEvent(el, 'ct-error');
      await fixture(el);
      expect((await first).detail).to.include({ action: 'get_list_terms', code: 'network' });
      await until(() => text(el, 'alert').includes('Check your internet connection'));
      const again = oneEvent(el, 'ct-error');
      (await until(() => part(el, 'button')))!.click();
      expect((await again).detail.code).to.equal('network');
    });
  });

  describe('keyboard', () => {
    it('the terms can be focused and scrolled by keyboard', async () => {
      const el = await mount(html`<ct-terms style="--ct-terms-max-height: 4em"></ct-terms>`);
      const region = await shown(el);
      expect(region.scrollHeight).to.be.greaterThan(region.clientHeight);
      region.focus();
      expect(el.shadowRoot!.activeElement).to.equal(region);
      await sendKeys({ press: 'End' });
      await until(() => region.scrollTop > 0, 'did not scroll');
    });
  });

  describe('failures', () => {
    it('tells the user to try again when the service is too slow, and loads once the relay answers', async () => {
      const el = await mount(html`<ct-terms endpoint="/connect-slow"></ct-terms>`);
      await until(() => text(el, 'alert').includes('too long'));
      el.endpoint = '/connect';
      await shown(el);
      expect(text(el, 'alert')).to.equal('');
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      const el = await mount(html`<ct-terms locale="fr"></ct-terms>`);
      await until(() => text(el, 'title') === 'Conditions générales', 'no French');
      await shown(el);
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic right to left', async () => {
      const el = await mount(html`<ct-connect locale="ar"><ct-terms></ct-terms></ct-connect>`);
      await until(() => text(el, 'title') === 'الشروط والأحكام', 'no Arabic');
      expect(part(el, 'base')!.dir).to.equal('rtl');
      await shown(el);
      // The document keeps its own direction: English terms are not laid out right to left.
      expect(getComputedStyle(part(el, 'content')!).direction).to.equal('ltr');
      await expect(el).to.be.accessible();
    });
  });
});
