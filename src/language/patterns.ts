/**
 * The words a phrase pattern can match, read from the pattern itself: `(?:ganar|coger) (?:masa|músculo)`
 * gives ganar, coger, masa, músculo; `vegetarian[oa]` gives vegetariano and vegetariana. The
 * Spanish rules (spanish.ts) are such patterns, so the words they read are known without a
 * second list to keep in step with them (typo correction toward them: see vocabulary.ts).
 *
 * Only the regular-expression syntax those patterns use is understood: literals, alternatives,
 * groups, character classes and the `?` `*` `+` `{m,n}` quantifiers. Lookarounds match no
 * letters and are dropped; `\d`, `\p{L}`, `.` and other non-letters separate words.
 */

/** Each alternative a pattern part can match, with the words in its middle already collected. */
type Strings = Set<string>;

const SEPARATOR = ' ';

/**
 * Keeps a string down to its first and last fragments, adding the whole words between them to
 * `words`: only the ends can still join letters of the parts around them. Without this, the
 * alternatives of a long pattern multiply into thousands of strings.
 */
function compress(text: string, words: Set<string>): string {
  const first = text.indexOf(SEPARATOR);
  const last = text.lastIndexOf(SEPARATOR);
  if (first === last) return text;
  for (const word of text.slice(first + 1, last).split(SEPARATOR)) if (word !== '') words.add(word);
  return text.slice(0, first) + text.slice(last);
}

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);

class PatternWords {
  private index = 0;
  private words = new Set<string>();

  constructor(private readonly source: string) {}

  run(): Set<string> {
    for (const text of this.alternatives()) for (const word of text.split(SEPARATOR)) if (word !== '') this.words.add(word);
    return this.words;
  }

  private peek(): string | undefined {
    return this.source[this.index];
  }

  private alternatives(): Strings {
    const all: Strings = new Set(this.sequence());
    while (this.peek() === '|') {
      this.index++;
      for (const text of this.sequence()) all.add(text);
    }
    return all;
  }

  private sequence(): Strings {
    let all: Strings = new Set(['']);
    for (let ch = this.peek(); ch !== undefined && ch !== '|' && ch !== ')'; ch = this.peek()) {
      const part = this.quantified(this.atom());
      const next: Strings = new Set();
      for (const head of all) for (const tail of part) next.add(compress(head + tail, this.words));
      all = next;
    }
    return all;
  }

  private quantified(part: Strings): Strings {
    const ch = this.peek();
    if (ch === '?' || ch === '*') {
      this.index++;
      part.add('');
    } else if (ch === '+') {
      this.index++;
    } else if (ch === '{') {
      const close = this.source.indexOf('}', this.index);
      const [min] = this.source.slice(this.index + 1, close).split(',');
      this.index = close + 1;
      if (min === '0') part.add('');
    } else {
      return part;
    }
    if (this.peek() === '?') this.index++;
    return part;
  }

  private atom(): Strings {
    const ch = this.peek() ?? '';
    this.index++;
    if (ch === '(') return this.group();
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '^' || ch === '$') return new Set(['']);
    return new Set([isLetter(ch) ? ch : SEPARATOR]);
  }

  private group(): Strings {
    let lookaround = false;
    if (this.peek() === '?') {
      const kind = this.source.slice(this.index, this.index + 3);
      lookaround = /^\?(?:[=!]|<[=!])/.test(kind);
      this.index += kind.startsWith('?<') ? 3 : 2;
    }
    // What a lookaround reads is context, not words of the match.
    const words = this.words;
    if (lookaround) this.words = new Set();
    const inner = this.alternatives();
    this.words = words;
    this.index++;
    return lookaround ? new Set(['']) : inner;
  }

  private characterClass(): Strings {
    const close = this.source.indexOf(']', this.index + 1);
    const body = this.source.slice(this.index, close);
    this.index = close + 1;
    if (body.startsWith('^') || body.includes('\\') || body.includes('-')) return new Set([SEPARATOR]);
    return new Set([...body].map((ch) => (isLetter(ch) ? ch : SEPARATOR)));
  }

  private escape(): Strings {
    const ch = this.peek() ?? '';
    this.index++;
    if ((ch === 'p' || ch === 'P') && this.peek() === '{') this.index = this.source.indexOf('}', this.index) + 1;
    return new Set([SEPARATOR]);
  }
}

/** Every whole word the pattern can match, lower-cased as written. */
export function wordsOfPattern(source: string): Set<string> {
  return new PatternWords(source).run();
}
