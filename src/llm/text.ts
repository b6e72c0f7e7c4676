/**
 * Checks on text that comes back from a model before anything may store or show it. PostgreSQL
 * refuses NUL in text and unpaired UTF-16 surrogates cannot be encoded, so either would fail a
 * write after the model answered; an overlong answer is off-contract and would bloat the rows.
 */

/** Characters of model text a turn accepts (the stored reply is bounded by the same number). */
export const DEFAULT_MAX_TEXT_CHARS = 8_000;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function unstorableText(text: string): 'nul' | 'unpaired_surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (UNPAIRED_SURROGATE.test(text)) return 'unpaired_surrogate';
  return null;
}

/** The first unstorable string anywhere in a JSON value (keys included), or null. */
export function unstorableInValue(value: unknown, depth = 0): 'nul' | 'unpaired_surrogate' | 'too_deep' | null {
  if (depth > 32) return 'too_deep';
  if (typeof value === 'string') return unstorableText(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unstorableInValue(item, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableText(key) ?? unstorableInValue(item, depth + 1);
      if (found !== null) return found;
    }
  }
  return null;
}
