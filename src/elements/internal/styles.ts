/**
 * The design tokens and the shared look. Shadow chrome uses `baseStyles`; the light-DOM
 * forms (credential forms live there so password managers can fill them) use `fieldCss`,
 * scoped by tag name, weighted to win over the page's own rules (see adoptLightStyles),
 * and adopted once into the element's root node (the document, or an enclosing shadow root).
 */
import { unsafeCSS } from 'lit';

// One definition of each token's default, used by shadow and light styles alike.
const T = {
  font: 'var(--ct-font-family,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif)',
  text: 'var(--ct-color-text,#1d2530)',
  muted: 'var(--ct-color-muted,#4f5b69)',
  surface: 'var(--ct-color-surface,#fff)',
  border: 'var(--ct-color-border,#8a94a3)',
  primary: 'var(--ct-color-primary,#0b57d0)',
  onPrimary: 'var(--ct-color-on-primary,#fff)',
  danger: 'var(--ct-color-danger,#b3261e)',
  success: 'var(--ct-color-success,#146c2e)',
  radius: 'var(--ct-radius,6px)',
  space: 'var(--ct-spacing,1rem)',
  // A solid ring in the primary colour: at 3:1 or more against the surface, as WCAG asks.
  focus:
    'var(--ct-focus-ring,0 0 0 2px var(--ct-color-surface,#fff),0 0 0 4px var(--ct-color-primary,#0b57d0))',
};

const button = `font:inherit;cursor:pointer;border-radius:${T.radius};padding:calc(${T.space}*.55) ${T.space};border:1px solid ${T.primary};`;
const primaryButton = `${button}background:${T.primary};color:${T.onPrimary};font-weight:600;`;
const linkButton = `font:inherit;cursor:pointer;background:none;border:0;padding:0;color:${T.primary};text-decoration:underline;`;

// Written compact, as fieldCss is: its rules splice in whole declarations, which the
// template minifier of the CDN build cannot parse inside a css`` literal.
export const baseStyles = unsafeCSS(`
:host{all:initial;display:block;font:400 medium/1.45 ${T.font};color:${T.text}}
:host([hidden]){display:none}
[part~=base]{box-sizing:border-box;max-width:var(--ct-max-width,32em);display:grid;gap:${T.space};background:${T.surface};color:${T.text};border:1px solid ${T.border};border-radius:${T.radius};padding:min(calc(${T.space}*1.5),5vw)}
[part~=title]{margin:0;font-size:1.3em}
[part~=text]{margin:0}
[part~=alert]:not(:empty){color:${T.danger};border-inline-start:4px solid ${T.danger};padding-inline-start:calc(${T.space}*.75)}
[part~=status]:not(:empty){color:${T.success}}
[part~=alert]:empty,[part~=status]:empty{display:none}
[part~=button]{${button}background:transparent;color:${T.primary}}
[part~=submit]{${primaryButton}}
[part~=link]{${linkButton}justify-self:start}
button:focus-visible,input:focus-visible,a:focus-visible,[tabindex]:focus-visible{outline:2px solid transparent;box-shadow:${T.focus}}
[part~=form]{display:grid;gap:calc(${T.space}*1.5)}
[part~=actions]{display:flex;flex-wrap:wrap;gap:${T.space};align-items:center}
`);

/**
 * Field styles shared by the light-DOM forms and ct-captcha's shadow field, written with
 * bare selectors: the light DOM scopes each one (adoptLightStyles).
 */
const fieldCss = `
.ct-form{display:grid;gap:${T.space}}
.ct-field{display:grid;gap:calc(${T.space}*.3)}
.ct-label{font-weight:600}
.ct-input{box-sizing:border-box;width:100%;font:inherit;color:${T.text};background:${T.surface};border:1px solid ${T.border};border-radius:${T.radius};padding:calc(${T.space}*.5) calc(${T.space}*.6)}
.ct-input:focus-visible{outline:2px solid transparent;border-color:${T.primary};box-shadow:${T.focus}}
.ct-input[aria-invalid=true]{border-color:${T.danger}}
.ct-check{display:flex;gap:calc(${T.space}*.5);align-items:flex-start}
.ct-check .ct-input{width:auto;margin-top:.3em}
.ct-help-text{color:${T.muted};font-size:.9em;margin:0}
.ct-error{color:${T.danger};font-size:.9em}
.ct-error:empty,.ct-help-text:empty{display:none}
.ct-submit{${primaryButton}justify-self:start}
.ct-password{display:flex;gap:calc(${T.space}*.5)}
.ct-reveal{${button}background:transparent;color:${T.primary}}
.ct-submit:focus-visible,.ct-reveal:focus-visible{outline:2px solid transparent;box-shadow:${T.focus}}
.ct-submit[aria-disabled=true]{opacity:.7;cursor:progress}
.ct-submit[aria-busy=true]::before{content:"";display:inline-block;width:.8em;height:.8em;margin-inline-end:.5em;border:2px solid;border-inline-end-color:transparent;border-radius:50%;animation:ct-spin 1s linear infinite}
.ct-text{margin:0}
[hidden]{display:none}
ct-terms{--ct-terms-max-height:12em}
ct-terms::part(base){border:0;padding:0}
.ct-link{color:${T.primary}}
`;

/** The field look inside a shadow root (ct-captcha). */
export const shadowFieldStyles = unsafeCSS(fieldCss);

const adopted = new WeakMap<Document | ShadowRoot, Set<string>>();

// The page's own rules on the form's nodes (`input {}`, `label {}`, a theme's `p {}`) are
// set back to the browser's defaults first, then the look above is applied over them.
const reset = `.ct-form,.ct-form :where(:not(ct-terms,ct-captcha)),.ct-form ::before,.ct-form ::after{all:revert}`;

/**
 * Adopts the light-DOM form styles for `tag` into `host`'s root node, once per root.
 * Every selector is scoped to the tag and weighs one id more than the same selector
 * alone (`:where(ct-login) .ct-input:not(#_)`): a page's plain and class rules lose to
 * it, even adopted after its own sheets (`adoptedStyleSheets` come last); a rule of the
 * page that weighs one id and more (`ct-login:not(#_) .ct-submit`) or `!important` wins.
 */
export function adoptLightStyles(host: HTMLElement): void {
  const root = host.getRootNode() as Document | ShadowRoot;
  if (!('adoptedStyleSheets' in root)) return;
  const tag = host.localName;
  let tags = adopted.get(root);
  if (!tags) adopted.set(root, (tags = new Set()));
  if (tags.has(tag)) return;
  tags.add(tag);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    (reset + fieldCss).replace(
      /([^{}]+)\{/g,
      (_, selectors: string) =>
        selectors
          .split(/,(?![^(]*\))/)
          .map((s) => `:where(${tag}) ${s.trim().replace(/(::[\w-]+(\(\w+\))?)?$/, ':not(#_)$1')}`)
          .join() + '{',
    ),
  );
  sheet.insertRule('@keyframes ct-spin{to{transform:rotate(1turn)}}');
  root.adoptedStyleSheets = [sheet, ...root.adoptedStyleSheets];
}
