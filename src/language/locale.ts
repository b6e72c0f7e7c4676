/**
 * Which language to answer in, decided per request: what the request names explicitly, then the
 * Accept-Language header, then what the user's session remembers, then the flow's default.
 */

const SUPPORTED_LOCALES = ['es', 'en'] as const;
type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** "en", "EN", "en-US", "en_GB", "es-MX" -> the supported base language; anything else -> null. */
export function toLocale(value: unknown): SupportedLocale | null {
  if (typeof value !== 'string') return null;
  const base = value.trim().toLowerCase().split(/[-_]/u)[0] ?? '';
  return (SUPPORTED_LOCALES as readonly string[]).includes(base) ? (base as SupportedLocale) : null;
}

/**
 * The best supported language in an Accept-Language header, honouring q-values
 * ("fr;q=1, en;q=0.8, es;q=0.5" -> en); null when none is supported or the header is absent.
 * A "*" entry means any language, and so leaves the choice to the next rule.
 */
export function fromAcceptLanguage(header: string | string[] | undefined): SupportedLocale | null {
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (raw === undefined || raw.trim() === '') return null;
  let best: { locale: SupportedLocale; q: number; order: number } | null = null;
  raw.split(',').forEach((part, order) => {
    const [tag = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    const locale = toLocale(tag);
    if (locale === null) return;
    if (best === null || q > best.q) best = { locale, q, order };
  });
  return (best as { locale: SupportedLocale } | null)?.locale ?? null;
}

interface LocaleSources {
  /** The request's own choice: the guided body's `context.locale`, or a `locale` field. */
  explicit?: unknown;
  acceptLanguage?: string | string[] | undefined;
  /** The locale remembered with the user's session, if any. */
  stored?: unknown;
  fallback: SupportedLocale;
}

/** The locale for this request, by the order above. */
export function negotiateLocale(sources: LocaleSources): SupportedLocale {
  return toLocale(sources.explicit) ?? fromAcceptLanguage(sources.acceptLanguage) ?? toLocale(sources.stored) ?? sources.fallback;
}

/** The locale a request states by itself (body or header), or null to let the session decide. */
export function requestLocale(explicit: unknown, acceptLanguage: string | string[] | undefined): SupportedLocale | null {
  return toLocale(explicit) ?? fromAcceptLanguage(acceptLanguage);
}

/** The default language of each flow when nothing else decides. */
export const GUIDED_DEFAULT_LOCALE: SupportedLocale = 'es';
export const FITNESS_DEFAULT_LOCALE: SupportedLocale = 'en';
