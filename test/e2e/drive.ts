/**
 * Driving the page as a person does, for the end-to-end journeys: real keyboard and mouse
 * (web-test-runner's commands), generous waits (a whole journey shares one relay and
 * emulator).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import { captchaCode } from '../elements/helpers.ts';

/** Waits (generously: a whole journey shares one relay and emulator) until `fn` is truthy. */
export async function until<T>(fn: () => T | Promise<T>, message: string): Promise<NonNullable<T>> {
  let result: T | undefined;
  await waitUntil(async () => (result = await fn()), message, { timeout: 15_000, interval: 50 });
  return result as NonNullable<T>;
}

/** Focuses a field (as a click or Tab does), selects what is there, and types `value` on the keyboard. */
export async function typeInto(input: HTMLInputElement, value: string): Promise<void> {
  input.focus();
  input.select();
  await sendKeys({ type: value });
  expect(input.value, input.name).to.equal(value);
}

/** Clicks `el` with the real mouse (so focus moves to it first, as it does for a person). */
export async function clickOn(el: HTMLElement): Promise<void> {
  el.scrollIntoView({ block: 'center' });
  const box = el.getBoundingClientRect();
  expect(box.width * box.height, 'visible to click').to.be.greaterThan(0);
  await sendMouse({
    type: 'click',
    position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
  });
}

/** The captcha in `el` once its picture is shown. */
export function shownCaptcha(el: Element): Promise<CtCaptcha> {
  return until(() => {
    const captcha = el.querySelector<CtCaptcha>('ct-captcha');
    return captcha?.captchaId && captcha.shadowRoot?.querySelector('[part~="image"]') ? captcha : undefined;
  }, 'no captcha picture shown');
}

/** Reads the picture's code (from the admin API) and types it into the captcha's field. */
export async function solve(captcha: CtCaptcha): Promise<void> {
  const code = await captchaCode(captcha.captchaId);
  expect(code, 'captcha code from the admin API').to.match(/^[A-Z0-9]+$/i);
  const input = captcha.shadowRoot!.querySelector<HTMLInputElement>('input[name="captcha_code"]')!;
  captcha.focus();
  expect(captcha.shadowRoot!.activeElement, 'focus in the captcha field').to.equal(input);
  await sendKeys({ type: code });
  expect(input.value).to.equal(code);
}
