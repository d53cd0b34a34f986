/**
 * The owner page's languages: one catalogue per language (typed against English, so a missing
 * text does not compile; test/unit checks placeholders too). Chosen by `?lang=`, then by the
 * browser's Accept-Language, then English.
 */
import { de } from './de';
import { en, type Catalogue } from './en';
import { es } from './es';
import { ptBR } from './pt-BR';

export const CATALOGUES = { en, de, 'pt-BR': ptBR, es } satisfies Record<string, Catalogue>;
export type Language = keyof typeof CATALOGUES;
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];
export type TextKey = keyof Catalogue;
export type { Catalogue };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as string[]).includes(value);
}

/** The best language for `?lang=` and an Accept-Language header (q-values honoured). */
export function chooseLanguage(asked: unknown, acceptLanguage: string | undefined): Language {
  if (isLanguage(asked)) return asked;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const exact = LANGUAGES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    // Any Portuguese is served Brazilian Portuguese, any German/Spanish variant the one we have.
    const base = tag.split('-')[0];
    const byBase = LANGUAGES.find((l) => l.toLowerCase().split('-')[0] === base);
    if (byBase) return byBase;
  }
  return 'en';
}

/** A text with its `{name}` placeholders filled in. */
export function translate(language: Language, key: TextKey, vars: Record<string, string | number> = {}): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}
