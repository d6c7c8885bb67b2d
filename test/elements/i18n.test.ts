// The visitor's language, in the elements: country names and their order, plural forms,
// switching language at run time (errors and status included), and text in another
// language than the page's marked as such.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/register-form/define.ts';
import '../../src/elements/login/define.ts';
import '../../src/elements/connect/define.ts';
import type { CtRegisterForm } from '../../src/elements/register-form/register-form.ts';
import type { CtLogin } from '../../src/elements/login/login.ts';
import { countryId, input, part, resetEmulator, submit, text, type, until } from './helpers.ts';
import { addStrings } from '../../src/strings/index.ts';

const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();

async function countries(el: HTMLElement): Promise<HTMLOptionElement[]> {
  return until(() => {
    const select = input(el, 'country_id') as unknown as HTMLSelectElement;
    const options = [...select.options].slice(1);
    // Named once the naming chunk has arrived with the lists.
    return options.length > 1 && options.some((o) => !o.lang) ? options : undefined;
  }, 'no countries named');
}

const label = (option: HTMLOptionElement) => option.textContent!.trim();

describe('the visitor’s language', () => {
  beforeEach(resetEmulator);

  it('names the countries in the visitor’s language, in its alphabetical order', async () => {
    const el = await fixture<CtRegisterForm>(html`<ct-register-form locale="de"></ct-register-form>`);
    const options = await countries(el);
    const za = await countryId('South Africa');
    expect(label(options.find((o) => o.value === za)!)).to.equal('Südafrika');
    const labels = options.map(label);
    expect(labels).to.deep.equal([...labels].sort(new Intl.Collator('de').compare));
    expect(labels).to.include('Deutschland');
    expect(labels).not.to.include('Germany');
  });

  it('keeps the API’s English names on an English page, sorted', async () => {
    const el = await fixture<CtRegisterForm>(html`<ct-register-form locale="en"></ct-register-form>`);
    const options = await until(() => {
      const select = input(el, 'country_id') as unknown as HTMLSelectElement;
      return select.options.length > 2 && select.options[1]!.lang === 'en'
        ? [...select.options].slice(1)
        : undefined;
    });
    expect(options.map(label)).to.include('South Africa');
  });

  it('names the countries again, and says the field errors again, when the language changes', async () => {
    const el = await fixture<CtRegisterForm>(html`<ct-register-form locale="fr"></ct-register-form>`);
    const za = await countryId('South Africa');
    await until(async () => label((await countries(el)).find((o) => o.value === za)!) === 'Afrique du Sud');
    submit(el).click();
    await until(() => errorOf(el, 'fname') === 'Remplissez ce champ.', 'no French error');
    await until(() => text(el, 'alert').includes('Vérifiez'), 'no French alert');
    el.locale = 'ja';
    await until(() => errorOf(el, 'fname') === 'この項目を入力してください。', errorOf(el, 'fname'));
    await until(() => text(el, 'alert') === '強調表示された項目を確認してください。', text(el, 'alert'));
    await until(async () => label((await countries(el)).find((o) => o.value === za)!) === '南アフリカ');
    expect(part(el, 'base')!.getAttribute('lang')).to.equal('ja');
  });

  it('re-renders right to left, with a refusal from the API in the new language', async () => {
    const root = await fixture<HTMLElement>(html`<ct-connect locale="en"><ct-login></ct-login></ct-connect>`);
    const el = root.querySelector<CtLogin>('ct-login')!;
    await until(() => el.querySelector('form'), 'no form');
    type(input(el, 'user'), 'nobody');
    type(input(el, 'password'), 'Wrong1234');
    const error = oneEvent(el, 'ct-error');
    submit(el).click();
    expect((await error).detail.code).to.equal('404');
    await until(() => text(el, 'alert').includes('wrong'));
    root.setAttribute('locale', 'he');
    await until(
      () => text(el, 'alert') === 'שם המשתמש או הסיסמה שגויים. יש לבדוק את שניהם ולנסות שוב.',
      text(el, 'alert'),
    );
    expect(part(el, 'base')!.getAttribute('dir')).to.equal('rtl');
    expect(el.querySelector('form')!.getAttribute('dir')).to.equal('rtl');
    expect(submit(el).textContent!.trim()).to.equal('התחברות');
    await expect(el).to.be.accessible();
  });

  it('chooses the plural form of the language: Arabic for 64, 6 and 2048', async () => {
    const el = await fixture<CtRegisterForm>(html`<ct-register-form locale="ar"></ct-register-form>`);
    type(input(el, 'email_address'), `${'a'.repeat(60)}@example.com`);
    input(el, 'email_address').dispatchEvent(new Event('blur'));
    await until(
      () => errorOf(el, 'email_address') === 'استخدم 64 حرفًا على الأكثر.',
      errorOf(el, 'email_address'),
    );
  });

  it('lets a page override a bundled language before it loads, and add one of its own with plural forms', async () => {
    addStrings('it', { 'login.submit': 'Entra' });
    const italian = await fixture<CtLogin>(html`<ct-login locale="it"></ct-login>`);
    await until(() => italian.querySelector('form'), 'no form');
    // The bundled Italian table arrives, and the page's own word still wins.
    await until(() => text(italian, 'title') === 'Accedi', 'no Italian');
    expect(submit(italian).textContent!.trim()).to.equal('Entra');

    addStrings('pl', {
      'f.email_address': 'Adres e-mail',
      tooLong: 'Użyj najwyżej {n} znaków.',
      'tooLong.one': 'Użyj najwyżej {n} znaku.',
      'tooLong.few': 'Użyj najwyżej {n} znaków.',
    });
    const el = await fixture<CtRegisterForm>(html`<ct-register-form locale="pl"></ct-register-form>`);
    await until(() => el.querySelector('form'), 'no form');
    expect(input(el, 'email_address').labels![0]!.textContent).to.contain('Adres e-mail');
    type(input(el, 'email_address'), `${'a'.repeat(60)}@example.com`);
    input(el, 'email_address').dispatchEvent(new Event('blur'));
    await until(
      () => errorOf(el, 'email_address') === 'Użyj najwyżej 64 znaków.',
      errorOf(el, 'email_address'),
    );
  });
});
