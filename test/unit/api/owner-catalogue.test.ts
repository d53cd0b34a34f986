/** The owner page's texts: complete in every language, same placeholders, language negotiation, escaping. */
import { CATALOGUES, chooseLanguage, LANGUAGES, translate } from '../../../api/owner/catalogue';
import { esc, html } from '../../../api/owner/html';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has every text, none empty, with the same placeholders as English', () => {
  expect(LANGUAGES).toEqual(['en', 'de', 'pt-BR', 'es']);
  const keys = Object.keys(CATALOGUES.en);
  for (const lang of LANGUAGES) {
    const catalogue = CATALOGUES[lang] as Record<string, string>;
    expect(Object.keys(catalogue).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect({ lang, key, empty: !catalogue[key]?.trim() }).toEqual({ lang, key, empty: false });
      expect({ lang, key, placeholders: placeholders(catalogue[key] ?? '') }).toEqual({
        lang,
        key,
        placeholders: placeholders((CATALOGUES.en as Record<string, string>)[key] ?? ''),
      });
    }
    // Step lists are one text split on " | ": the same number of steps everywhere.
    for (const key of keys.filter((k) => k.endsWith('Steps'))) {
      expect({ lang, key, steps: catalogue[key]?.split(' | ').length }).toEqual({
        lang,
        key,
        steps: (CATALOGUES.en as Record<string, string>)[key]?.split(' | ').length,
      });
    }
  }
});

test('translations differ from English (a copied text is a missing translation)', () => {
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    const same = Object.entries(CATALOGUES[lang]).filter(
      ([key, text]) => text === (CATALOGUES.en as Record<string, string>)[key] && !/^\{\w+\}$/.test(text),
    );
    // Words that are the same in both languages are allowed; whole sentences are not.
    expect({ lang, same: same.filter(([, text]) => text.includes(' ')).map(([key]) => key) }).toEqual({
      lang,
      same: [],
    });
  }
});

test.each([
  [undefined, 'de-AT,de;q=0.9,en;q=0.8', 'de'],
  [undefined, 'pt-PT', 'pt-BR'],
  [undefined, 'pt-br', 'pt-BR'],
  [undefined, 'fr-FR, es;q=0.5, en;q=0.4', 'es'],
  [undefined, 'fr, it', 'en'],
  [undefined, 'de;q=0, es', 'es'],
  [undefined, '', 'en'],
  [undefined, undefined, 'en'],
  ['es', 'de', 'es'],
  ['xx', 'de', 'de'],
])('?lang=%s with Accept-Language %s is %s', (asked, header, expected) => {
  expect(chooseLanguage(asked, header)).toBe(expected);
});

test('placeholders are filled; page values are escaped', () => {
  expect(translate('de', 'codeWrong', { attemptsLeft: 2 })).toBe('Dieser Code stimmt nicht. Verbleibende Versuche: 2.');
  expect(esc(`<script>"x" & 'y'</script>`)).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
  const name = '<img src=x onerror=alert(1)>';
  expect(
    html`<p>${name}</p>
      ${html`<b>${1}</b>`}`.text,
  ).toMatch(/^<p>&lt;img src=x onerror=alert\(1\)&gt;<\/p>\s*<b>1<\/b>$/);
});
