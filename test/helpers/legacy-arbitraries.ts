/**
 * fast-check arbitraries for legacy rows: realistic ones from the generator plus hostile ones
 * (wrong types, nulls, non-object steps, unknown keys, odd constraint entries, unicode).
 */
import fc from 'fast-check';
import { generateLegacyUser, type LegacyUser } from '../../src/db/legacy/generate.js';
import type { Json, JsonObject, UserBasics } from '../../src/db/legacy/reference.js';

// jsonb refuses U+0000; everything else, astral planes and combining marks included, must survive.
const char = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !c.includes('\u0000'));
const text = fc.oneof(
  fc.string({ unit: char, maxLength: 12 }),
  fc.constantFrom('', ' ', 'Knöchel – links', '膝の痛み', '🏋️‍♀️', '"\\\n\t', 'ألم'),
);
const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 2147483647, 2147483648, -2147483648, -2147483649, 1e21, 1e-7, 30, 300, 1, 50),
);
const json: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 2, stringUnit: char }) as fc.Arbitrary<Json>;
const scalar: fc.Arbitrary<Json> = fc.oneof(number, text, fc.boolean(), fc.constant(null));

const basicInfo = fc.record(
  {
    age: fc.oneof(number, scalar),
    gender: fc.oneof(text, scalar),
    height_cm: fc.oneof(number, scalar),
    weight_kg: fc.oneof(number, scalar),
  },
  { requiredKeys: [] },
);
const targets = fc.record(
  { target_weight_kg: fc.oneof(number, scalar, json), target_body_fat_percentage: fc.oneof(number, scalar) },
  { requiredKeys: [] },
);
const constraintEntry: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ constraint_type: fc.constantFrom('equipment', 'injury', 'limitation'), description: text }) },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          constraint_type: fc.oneof(
            fc.constantFrom('equipment', 'injury', 'limitation', 'Injury', 'other'),
            scalar,
            fc.constant<Json>(['equipment']),
          ),
          description: fc.oneof(text, scalar, json),
          extra: json,
        },
        { requiredKeys: [] },
      )
      .map((entry) => entry as JsonObject),
  },
  { weight: 1, arbitrary: scalar },
);
const constraints = fc.record(
  { constraints: fc.oneof({ weight: 5, arbitrary: fc.array(constraintEntry, { maxLength: 8 }) }, { weight: 1, arbitrary: json }) },
  { requiredKeys: [] },
);
const anyObject: fc.Arbitrary<JsonObject> = fc.dictionary(fc.string({ unit: char, maxLength: 6 }), json, { maxKeys: 4 });

/** A step's value: mostly an object of its own kind, sometimes anything at all. */
function step(objectArb: fc.Arbitrary<JsonObject>): fc.Arbitrary<Json> {
  return fc.oneof({ weight: 8, arbitrary: objectArb }, { weight: 1, arbitrary: json });
}

const STEP_ARBS: Array<fc.Arbitrary<Json>> = [
  step(basicInfo as fc.Arbitrary<JsonObject>),
  step(anyObject),
  step(anyObject),
  step(targets as fc.Arbitrary<JsonObject>),
  step(constraints as fc.Arbitrary<JsonObject>),
  step(anyObject),
  step(anyObject),
  step(anyObject),
  step(anyObject),
  step(anyObject),
  step(anyObject),
];

const hostileStepData: fc.Arbitrary<JsonObject> = fc
  .tuple(
    ...STEP_ARBS.map((a) => fc.option(a, { nil: undefined, freq: 3 })),
    fc.dictionary(fc.constantFrom('step_0', 'step_12', 'notes', '_migration', 'Step_1', 'step_01'), json, { maxKeys: 2 }),
  )
  .map((parts) => {
    const extra = parts[parts.length - 1] as JsonObject;
    const data: JsonObject = { ...extra };
    parts.slice(0, -1).forEach((value, i) => {
      if (value !== undefined) data[`step_${i + 1}`] = value as Json;
    });
    return data;
  });

const basics: fc.Arbitrary<UserBasics> = fc.record({
  age: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
  gender: fc.option(text, { nil: null }),
  height_cm: fc.option(fc.double({ min: 50, max: 250, noNaN: true }), { nil: null }),
  weight_kg: fc.option(fc.double({ min: 20, max: 400, noNaN: true }), { nil: null }),
});

/** A legacy user; ids are assigned by position so a batch never collides. */
const legacyUserShape: fc.Arbitrary<Omit<LegacyUser, 'id' | 'sub' | 'email'>> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(), fc.nat({ max: 1_000_000 })).map(([seed, index]) => generateLegacyUser(seed, index)),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ basics, step: fc.integer({ min: 0, max: 11 }), data: hostileStepData, complete: fc.boolean(), hasRow: fc.boolean() })
      .map(({ basics: b, step: s, data, complete, hasRow }) => ({
        ...b,
        full_name: 'Property User',
        created_at: '2024-01-01T00:00:00.000Z',
        onboarding:
          hasRow || Object.keys(data).length > 0
            ? {
                current_step: s,
                is_complete: complete,
                step_data: data,
                created_at: '2024-01-01T00:00:00.000Z',
                updated_at: '2024-01-02T00:00:00.000Z',
                deleted_at: null,
              }
            : null,
      })),
  },
);

export const legacyUsersArb: fc.Arbitrary<LegacyUser[]> = fc.array(legacyUserShape, { minLength: 1, maxLength: 12 }).map((shapes) =>
  shapes.map((shape, i) => ({
    ...shape,
    id: `aaaaaaaa-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    sub: `property|${i}`,
    email: `property${i}@example.test`,
  })),
);
