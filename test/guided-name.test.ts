import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { extractName, nameFromAnswer, NAME_MAX_CHARS } from '../machines/guided/extract-name.js';

describe('extractName', () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['Me llamo Marta.', 'Marta'],
    ['Me llamo Juan, pero todo el mundo me dice Juanki.', 'Juan'],
    ['Soy Ana', 'Ana'],
    ['My name is John', 'John'],
    ["I'm Bob", 'Bob'],
    ['Marta', 'Marta'],
    ['mi nombre es Pedro', 'Pedro'],
    ['Llámame Pepe', 'Pepe'],
    ['llamame Toni, porfa', 'Toni'],
    ['call me Ishmael', 'Ishmael'],
    ['I am Sara', 'Sara'],
    ['hola, soy Lucía', 'Lucía'],
    ['Me llamo María José', 'María José'],
    ['Me llamo Juan Carlos y vivo en Madrid', 'Juan Carlos'],
    ['María José', 'María José'],
    ['Me llamo Íñigo', 'Íñigo'],
    ['Begoña', 'Begoña'],
    ['Soy Jean-Luc', 'Jean-Luc'],
    ["My name's O'Brien.", "O'Brien"],
    ['me llamo marta', 'marta'],
    ['me llamo juan carlos y tengo 30 años', 'juan carlos'],
    ['ana', 'ana'],
    ['Hi, I’m Zoë!', 'Zoë'],
    ['Soy de Madrid y me llamo Ana', 'Ana'],
    ['  Me llamo   Marta  ', 'Marta'],
    ['¿Marta?', 'Marta'],
    ['MY NAME IS JOHN SMITH', 'JOHN SMITH'],
    ['Hola Marta', 'Marta'],
    ['Mi nombre es: Ana María López, encantada', 'Ana María López'],
    ['I am John Smith from London', 'John Smith'],
    ['¿marta?', 'marta'],
    ['Me dicen Nena', 'Nena'],
    ['hola, soy Marta, pero me dicen Nena', 'Marta'],
    ['Me dicen Nena, pero me llamo Marta', 'Marta'],
    // "name's" without "my", and compound names joined by "del" / "de los".
    ["hey, name's mike", 'mike'],
    ["the name's Bond", 'Bond'],
    ['soy maría del carmen', 'maría del carmen'],
    ['Me llamo María de los Ángeles, encantada', 'María de los Ángeles'],
    ['José de la Cruz', 'José de la Cruz'],
    // A bare "de" is likelier a place than part of the name.
    ['soy Ana de Sevilla', 'Ana'],
    ['holaaa soy lucía', 'lucía'],
  ];

  it.each(cases)('when the answer is %j, then the name is %j', (text, expected) => {
    expect(extractName(text)).toBe(expected);
  });

  const nameless = [
    '',
    '   ',
    '\n\t',
    '???',
    '¿?',
    '...!!',
    '12345',
    '🎉🙂',
    '42 🎉 ?',
    'Hola',
    'Me llamo',
    '¿cómo te llamas?',
    '¿cuál?',
    'where?',
    // Stretched greetings and not knowing are not names.
    'hiii',
    'holaaaa',
    'heyyy!',
    'no sé',
    'ni idea',
  ];
  it.each(nameless)('when the answer is %j, then there is no name', (text) => {
    expect(extractName(text)).toBeNull();
  });

  it('when the name is longer than the bound, then it is cut to a prefix within the bound', () => {
    const long = 'A'.repeat(300);
    const name = extractName(`Me llamo ${long}`);
    expect(name).toBe('A'.repeat(NAME_MAX_CHARS));
  });

  it('when a long name is made of astral letters, then the cut does not split a character', () => {
    const letter = '𝐀';
    const name = extractName(letter.repeat(80)) ?? '';
    expect(name.length).toBeLessThanOrEqual(NAME_MAX_CHARS);
    expect(name).toBe(letter.repeat(NAME_MAX_CHARS / 2));
  });

  const anyText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ minLength: 200, maxLength: 2000 }),
    fc
      .tuple(
        fc.constantFrom('Me llamo ', 'Soy ', 'My name is ', "I'm ", '¿', ''),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.constantFrom('?', '¿', '.', '', ' ?x'),
      )
      .map((parts) => parts.join('')),
  );

  it('when given any text, then a name is a bounded substring without question marks', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const name = extractName(text);
        if (name === null) return;
        expect(text.includes(name)).toBe(true);
        expect(name).not.toMatch(/[?¿]/u);
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(NAME_MAX_CHARS);
        expect(name).toBe(name.trim());
      }),
      { numRuns: 500 },
    );
  });

  it('when the only letters form one non-stopword, then that word is the name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.constantFrom('Zuriñe', 'Xabier', 'quetzal', 'Øyvind'), (noise, word) => {
        const text = `${noise.replace(/\p{L}/gu, '')} ${word}`;
        expect(extractName(text)).toBe(word);
      }),
    );
  });

  it('when a known name follows an introduction, then exactly that name comes back', () => {
    const names = ['Marta', 'Íñigo', 'Begoña', 'María José', 'Jean-Luc', 'Zoë', 'lucía', 'Chloé'];
    fc.assert(
      fc.property(
        fc.constantFrom('Me llamo ', 'Mi nombre es ', 'Llámame ', 'Soy ', 'My name is ', "I'm ", 'Call me ', 'hola, soy '),
        fc.constantFrom(...names),
        fc.constantFrom('', '.', '!', ', y tengo 30 años', ' and I live in Madrid', ', pero me dicen Nena'),
        (intro, name, tail) => {
          expect(extractName(`${intro}${name}${tail}`)).toBe(name);
        },
      ),
    );
  });
});

describe('nameFromAnswer', () => {
  it.each([
    ["hey, name's mike", 'Mike'],
    ['MARIA DEL CARMEN', 'Maria del Carmen'],
    ['soy maría del carmen', 'María del Carmen'],
    ["o'brien", "O'Brien"],
    ['ana belén', 'Ana Belén'],
  ])('when the answer is %j, then the name is written %j', (text, expected) => {
    expect(nameFromAnswer(text)).toBe(expected);
  });
});
