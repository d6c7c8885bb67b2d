/**
 * Defects found reviewing the elements after the round of page-proof CSS, languages,
 * country pre-selection and error presentation, each shown as a visitor meets it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/login/define.ts';
import { input, resetEmulator, type, until } from './helpers.ts';

const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();

describe('review of the elements', () => {
  before(resetEmulator);

  it('checks a field left by keyboard after a touch that turned into a scroll', async () => {
    const el = await fixture<HTMLElement>(html`<ct-login></ct-login>`);
    const user = await until(() => el.querySelector<HTMLInputElement>('[name="user"]'));
    // A finger put down to scroll: the browser cancels the pointer, with no pointerup.
    dispatchEvent(new PointerEvent('pointerdown'));
    dispatchEvent(new PointerEvent('pointercancel'));
    try {
      type(user, 'x!');
      // Left with the on-screen keyboard's "next": no pointer at all.
      user.blur();
      await until(() => errorOf(el, 'user'), 'the field left was never checked');
      expect(user.getAttribute('aria-invalid')).to.equal('true');
    } finally {
      dispatchEvent(new PointerEvent('pointerup'));
    }
  });
});
