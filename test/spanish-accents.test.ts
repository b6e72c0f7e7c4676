/**
 * What the user typed is saved as typed: the readers compare words without accents, but foods,
 * limitations and supplement names keep the accents and the "ñ" of the answer (SPEC 13, 14).
 * Table values (diet types, equipment, known supplements, body parts) stay canonical.
 */
import { describe, expect, it } from 'vitest';
import { extractForState } from '../src/flows/fitness/agents/offline/extract.js';
import { asWritten } from '../src/language/normalize.js';

type State = 3 | 4 | 9;
type Data = Record<string, unknown>;

const diet = (diet_type: string, lists: { allergies?: string[]; intolerances?: string[]; dislikes?: string[] }): Data => ({
  diet_type,
  allergies: lists.allergies ?? [],
  intolerances: lists.intolerances ?? [],
  dislikes: lists.dislikes ?? [],
});

function savesExactly(state: State, cases: ReadonlyArray<readonly [string, Data]>): void {
  it.each(cases)('when the user says %j, then exactly that is saved', (say, data) => {
    expect(extractForState(state, say)).toEqual({ status: 'ok', data });
  });
}

describe('Spanish foods keep their accents and ñ', () => {
  savesExactly(4, [
    ['no sigo ninguna dieta, alérgica al maní', diet('omnivore', { allergies: ['maní'] })],
    ['como de todo pero no me gusta el plátano ni el brócoli', diet('omnivore', { dislikes: ['plátano', 'brócoli'] })],
    ['vegetariana, no me gusta el jamón ni la piña', diet('vegetarian', { dislikes: ['jamón', 'piña'] })],
    ['omnívoro, alérgico al atún', diet('omnivore', { allergies: ['atún'] })],
    [
      'vegana, intolerante a la fructosa, no me gustan los champiñones',
      diet('vegan', { intolerances: ['fructosa'], dislikes: ['champiñones'] }),
    ],
    ['soy vegana y alérgica a los cacahuetes y al apio', diet('vegan', { allergies: ['cacahuetes', 'apio'] })],
  ]);

  it('when a food is written in capitals, then it is saved in lower case with its accent', () => {
    expect(extractForState(4, 'Como de todo. No me gusta el PLÁTANO')).toEqual({
      status: 'ok',
      data: diet('omnivore', { dislikes: ['plátano'] }),
    });
  });
});

describe('the same answers typed without accents save without them', () => {
  savesExactly(4, [
    ['no sigo ninguna dieta, alergica al mani', diet('omnivore', { allergies: ['mani'] })],
    ['como de todo pero no me gusta el platano ni el brocoli', diet('omnivore', { dislikes: ['platano', 'brocoli'] })],
    ['vegetariana, no me gusta el jamon ni la pina', diet('vegetarian', { dislikes: ['jamon', 'pina'] })],
    ['omnivoro, alergico al atun', diet('omnivore', { allergies: ['atun'] })],
  ]);
});

describe('limitations and supplement names keep what the user typed', () => {
  savesExactly(3, [
    ['mancuernas, máximo 30 minutos', { equipment: ['dumbbells'], injuries: [], limitations: ['máximo 30 minutes'] }],
    // Words the readers rewrote inside the clause come back as the user wrote them.
    [
      'mancuernas, solo 45 minutos después del trabajo',
      { equipment: ['dumbbells'], injuries: [], limitations: ['solo 45 minutos después del trabajo'] },
    ],
    // Body parts are table values: "tobillo" is saved as "ankle", as before.
    ['lesión en el tobillo, gimnasio completo', { equipment: ['full gym'], injuries: ['ankle'], limitations: [] }],
    ['entreno en casa sin material, tengo mal el tobillo', { equipment: [], injuries: ['ankle'], limitations: [] }],
  ]);

  savesExactly(9, [
    ['tomo magnesio y cúrcuma', { interested_in_supplements: true, current_supplements: ['magnesium', 'cúrcuma'] }],
    ['tomo magnesio y curcuma', { interested_in_supplements: true, current_supplements: ['magnesium', 'curcuma'] }],
    ['tomo creatína y magnesio', { interested_in_supplements: true, current_supplements: ['creatine', 'magnesium'] }],
  ]);

  it('when a free injury name has an accent, then the confirmation offers it as typed', () => {
    const result = extractForState(3, 'mancuernas, tengo tendinitis en el húmero');
    expect(result.status).toBe('unsure');
    if (result.status === 'unsure') expect(result.data.injuries).toEqual(['tendinitis']);
  });
});

describe('English answers read as before', () => {
  savesExactly(4, [
    ['no special diet, allergic to peanuts', diet('omnivore', { allergies: ['peanuts'] })],
    ["i'm keto and allergic to strawberries", diet('keto', { allergies: ['strawberries'] })],
    ["I'm vegan and allergic to jalapeños and café", diet('vegan', { allergies: ['jalapeños', 'café'] })],
  ]);
  savesExactly(3, [
    ['only 30 minutes per session, dumbbells', { equipment: ['dumbbells'], injuries: [], limitations: ['only 30 minutes per session'] }],
  ]);
  savesExactly(9, [
    ['vitamin c, zinc and ashwagandha', { interested_in_supplements: true, current_supplements: ['vitamin C', 'zinc', 'ashwagandha'] }],
  ]);
});

describe('asWritten', () => {
  it.each([
    ['mani', 'alérgica al maní', 'maní'],
    ['mani', 'alergica al mani', 'mani'],
    ['pina', 'alergia a la piña', 'piña'],
    ['Platano', 'no me gusta el plátano', 'Plátano'],
    ['platano frito', 'el platano no, pero el plátano frito sí', 'plátano frito'],
    ['dumbbells', 'mancuernas', 'dumbbells'],
    ['solo 45 minutes then del trabajo', 'solo 45 minutos después del trabajo', 'solo 45 minutos después del trabajo'],
    ['tendinitis en el shoulder', 'tendinitis en el hombro, sí', 'tendinitis en el shoulder'],
    ['dolor del humero', 'un dolor del húmero', 'dolor del húmero'],
    ['te verde', 'tomo creatina y té verde', 'té verde'],
  ])('when %j was read from %j, then it is spelt %j', (value, said, written) => {
    expect(asWritten(value, said)).toBe(written);
  });

  it('when the answer spells a word two ways, then a word of a rewritten value keeps its reading', () => {
    expect(asWritten('no platano', 'platano y plátano, sin nada')).toBe('no platano');
  });

  it('when the answer is in NFD form, then the accent is still put back', () => {
    expect(asWritten('mani', 'alérgica al man\u0069\u0301')).toBe('maní');
  });

  it('when a value reaches over a comma, then the words are not taken across it', () => {
    expect(asWritten('solo minutes del trabajo', 'solo 30 minutos, después del trabajo')).toBe('solo minutes del trabajo');
  });
});
