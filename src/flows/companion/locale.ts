import type { Locale } from '../../../machines/guided/types.js';

/** The first supported language of an Accept-Language header ("en-GB,en;q=0.9" -> en), by q order. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const hit = ranked.find((r) => r.lang === 'es' || r.lang === 'en');
  return hit ? (hit.lang as Locale) : null;
}

/** The request's explicit locale, then the browser's, then the one stored with the user, then Spanish. */
export function resolveLocale(explicit: unknown, acceptLanguage: string | undefined, stored: Locale | null): Locale {
  if (typeof explicit === 'string') {
    const l = explicit.trim().toLowerCase().split('-')[0];
    if (l === 'es' || l === 'en') return l;
  }
  return localeFromAcceptLanguage(acceptLanguage) ?? stored ?? 'es';
}
