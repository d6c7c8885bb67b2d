import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/captcha/define.ts';
import '../../src/elements/connect/define.ts';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import { captchaCode, DOWN_ENDPOINT, part, resetEmulator, until } from './helpers.ts';

const loaded = (el: CtCaptcha) => until(() => el.captchaId && part(el, 'image'), 'captcha never loaded');

describe('ct-captcha', () => {
  before(resetEmulator);

  describe('accessible', () => {
    it('is accessible with its picture shown', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha></ct-captcha>`);
      await loaded(el);
      await expect(el).to.be.accessible();
    });

    it('is accessible with an error under the code field', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha></ct-captcha>`);
      await loaded(el);
      el.error = 'Wrong code';
      await el.updateComplete;
      await expect(el).to.be.accessible();
    });

    it('gives the picture a text alternative', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha></ct-captcha>`);
      const img = (await loaded(el)) as HTMLImageElement;
      expect(img.alt).to.match(/picture/i);
    });
  });

  describe('defaults', () => {
    it('shows a PNG picture from the relay and an empty code field', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha></ct-captcha>`);
      const img = (await loaded(el)) as HTMLImageElement;
      await until(() => img.complete && img.naturalWidth > 0, 'the PNG did not decode');
      expect(el.captchaId).to.match(/^[0-9a-f]{32}$/i);
      expect(el.code).to.equal('');
      const input = part(el, 'input') as HTMLInputElement;
      expect(input.autocomplete).to.equal('off');
      expect(input.name).to.equal('captcha_code');
    });

    it('works inside <ct-connect> with the provider endpoint', async () => {
      const root = await fixture(
        html`<ct-connect endpoint="/connect"><ct-captcha></ct-captcha></ct-connect>`,
      );
      const el = root.querySelector('ct-captcha')!;
      await loaded(el);
      expect(el.captchaId).to.have.length(32);
    });
  });

  describe('attributes', () => {
    it('fetches a new picture after refresh-after seconds', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha refresh-after="0.05"></ct-captcha>`);
      await loaded(el);
      const first = el.captchaId;
      await until(() => el.captchaId !== first, 'no new picture came');
    });

    it('a new picture comes when the button is pressed, with a new id', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha></ct-captcha>`);
      await loaded(el);
      const first = el.captchaId;
      part(el, 'refresh')!.click();
      await until(() => el.captchaId !== first);
      expect(part(el, 'status')!.textContent).to.match(/new picture/i);
    });
  });

  describe('events', () => {
    it('fires ct-error with plain words when the relay is down', async () => {
      const el = document.createElement('ct-captcha');
      el.endpoint = DOWN_ENDPOINT;
      const event = oneEvent(el, 'ct-error');
      await fixture(el);
      const { detail } = await event;
      expect(detail).to.deep.include({ action: 'get_captcha', code: 'network' });
      expect(part(el, 'alert')!.textContent).to.match(/couldn't reach/i);
    });
  });

  describe('keyboard', () => {
    it('submits the enclosing form with captcha_id and captcha_code when Enter is pressed in its field', async () => {
      const form = await fixture<HTMLFormElement>(html`<form><ct-captcha></ct-captcha></form>`);
      const el = form.querySelector('ct-captcha')!;
      await loaded(el);
      const code = await captchaCode(el.captchaId);
      const input = part(el, 'input') as HTMLInputElement;
      input.focus();
      for (const ch of code) {
        input.value += ch;
        input.dispatchEvent(new Event('input'));
      }
      const submitted = oneEvent(form, 'submit');
      form.addEventListener('submit', (e) => e.preventDefault());
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await submitted;
      const data = new FormData(form);
      expect(data.get('captcha_id')).to.equal(el.captchaId);
      expect(data.get('captcha_code')).to.equal(code);
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      const el = await fixture<CtCaptcha>(html`<ct-captcha locale="fr"></ct-captcha>`);
      await loaded(el);
      await until(() => part(el, 'refresh')!.textContent?.trim() === 'Nouvelle image', 'no French');
      expect(part(el, 'base')!.getAttribute('dir')).to.equal('ltr');
    });

    it('speaks Arabic, right to left, taking the language from the page', async () => {
      const wrapper = await fixture(html`<div lang="ar"><ct-captcha></ct-captcha></div>`);
      const el = wrapper.querySelector('ct-captcha')!;
      await loaded(el);
      await until(() => part(el, 'refresh')!.textContent?.trim() === 'صورة جديدة', 'no Arabic');
      expect(part(el, 'base')!.getAttribute('dir')).to.equal('rtl');
      await expect(el).to.be.accessible();
    });
  });
});
