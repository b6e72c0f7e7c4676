import { describe, it, expect } from 'vitest';
import { fromAcceptLanguage, negotiateLocale, toLocale } from '../src/language/locale.js';

describe('locale negotiation', () => {
  it.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['EN', 'en'],
    ['es-ES', 'es'],
    ['es-MX', 'es'],
    ['es_AR', 'es'],
    [' en ', 'en'],
  ])('when the tag is %j, then it resolves to %j', (tag, expected) => {
    expect(toLocale(tag)).toBe(expected);
  });

  it.each([['fr'], ['de-DE'], [''], ['*']])('when the tag %j is not supported, then it does not resolve', (tag) => {
    expect(toLocale(tag)).toBeNull();
  });

  it.each([
    ['en-US,en;q=0.9', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['fr-FR,fr;q=0.9,en;q=0.5,es;q=0.4', 'en'],
    ['en;q=0.3, es;q=0.7', 'es'],
    ['de, en-GB;q=0.1', 'en'],
    ['fr, de', null],
    ['*', null],
    ['en;q=0, es;q=0.2', 'es'],
    ['', null],
  ])('when Accept-Language is %j, then the best supported language is %j', (header, expected) => {
    expect(fromAcceptLanguage(header)).toBe(expected);
  });

  it('when the request names a locale, then it wins over the header and the session', () => {
    expect(negotiateLocale({ explicit: 'en', acceptLanguage: 'es-ES', stored: 'es', fallback: 'es' })).toBe('en');
  });

  it('when the request names no usable locale, then Accept-Language decides before the session', () => {
    expect(negotiateLocale({ explicit: 'xx', acceptLanguage: 'en-GB', stored: 'es', fallback: 'es' })).toBe('en');
  });

  it('when neither the request nor the header decides, then the stored locale is used', () => {
    expect(negotiateLocale({ acceptLanguage: 'fr', stored: 'en', fallback: 'es' })).toBe('en');
  });

  it('when nothing decides, then the flow default is used (Spanish guided, English fitness)', () => {
    expect(negotiateLocale({ fallback: 'es' })).toBe('es');
    expect(negotiateLocale({ stored: null, fallback: 'en' })).toBe('en');
  });
});
