/**
 * Localisation for the core. Every user-facing string goes through `t`, whose English text is the
 * key of `l10n/bundle.l10n.<locale>.json`. The server loads the bundle (`@vscode/l10n`'s `config`)
 * from the locale the client sends in `initialize`; the core itself reads no file.
 */
import * as l10n from '@vscode/l10n';

let currentLocale = 'en';

export function t(message: string, ...args: (string | number)[]): string {
  // The translation comes from @vscode/l10n; the placeholders are filled here, which is several
  // times faster than its generic formatter (outlines format thousands of labels).
  const template = l10n.t(message);
  return args.length === 0 ? template : fill(template, args);
}

/** Replaces `{0}`, `{1}`, … with the arguments; placeholders without an argument stay as written. */
function fill(template: string, args: (string | number)[]): string {
  let out = '';
  let last = 0;
  for (let open = template.indexOf('{'); open >= 0; open = template.indexOf('{', open + 1)) {
    let n = 0;
    let i = open + 1;
    for (; i < template.length; i++) {
      const d = template.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === open + 1 || template.charCodeAt(i) !== 125 /* } */ || n >= args.length) continue;
    out += template.slice(last, open) + String(args[n]);
    last = i + 1;
  }
  return last === 0 ? template : out + template.slice(last);
}

/** Loads a translation bundle (the parsed JSON of a `bundle.l10n.*.json`) for a locale. */
export function configureL10n(locale: string, contents: Record<string, string> | undefined): void {
  currentLocale = locale || 'en';
  if (contents) l10n.config({ contents });
  else l10n.config({ contents: {} });
}

export function locale(): string {
  return currentLocale;
}

/** "1 event" / "{0} events": both forms are keys of their own, so translators see whole sentences. */
export function plural(n: number, one: string, other: string): string {
  const f = formatters();
  let rule = f.rules.get(n);
  if (rule === undefined) {
    rule = f.plural.select(n);
    if (Number.isInteger(n) && n >= 0 && n < 10_000) f.rules.set(n, rule);
  }
  return rule === 'one' ? t(one, formatNumber(n)) : t(other, formatNumber(n));
}

export function formatNumber(n: number): string {
  const f = formatters();
  // outlines format the same small counts thousands of times; Intl formatting is slow
  if (Number.isInteger(n) && n >= 0 && n < 10_000) {
    let s = f.small.get(n);
    if (s === undefined) f.small.set(n, (s = f.number.format(n)));
    return s;
  }
  return f.number.format(n);
}

/** Intl objects are costly to build; outlines and code lenses format thousands of numbers. */
let cachedFormatters: { locale: string; plural: Intl.PluralRules; number: Intl.NumberFormat; small: Map<number, string>; rules: Map<number, string> } | undefined;

function formatters(): { plural: Intl.PluralRules; number: Intl.NumberFormat; small: Map<number, string>; rules: Map<number, string> } {
  if (!cachedFormatters || cachedFormatters.locale !== currentLocale) {
    const loc = safeLocale();
    cachedFormatters = { locale: currentLocale, plural: new Intl.PluralRules(loc), number: new Intl.NumberFormat(loc), small: new Map(), rules: new Map() };
  }
  return cachedFormatters;
}

let canonical: { locale: string; tag: string } | undefined;

function safeLocale(): string {
  if (canonical?.locale === currentLocale) return canonical.tag;
  let tag: string;
  try {
    tag = Intl.getCanonicalLocales(currentLocale)[0] ?? 'en';
  } catch {
    tag = 'en';
  }
  canonical = { locale: currentLocale, tag };
  return tag;
}

export function intlLocale(): string {
  return safeLocale();
}
