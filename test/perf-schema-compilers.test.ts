/**
 * The routes' zod compilers (src/plugins/schema-compilers.ts) answer exactly as
 * fastify-type-provider-zod's: the same serialized bodies, the same refusals, the same validation
 * values and errors; only schemas that read the same both ways take the forward fast path.
 */
import { serializerCompiler as librarySerializer, validatorCompiler as libraryValidator } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readsTheSameBothWays, serializerCompiler, validatorCompiler } from '../src/plugins/schema-compilers.js';

const route = { method: 'GET', url: '/x', httpStatus: '200' };

const body = z.object({
  id: z.string().min(1),
  count: z.number().int().nonnegative(),
  tags: z.array(z.enum(['a', 'b'])),
  next: z.object({ n: z.number() }).nullable(),
  note: z.string().optional(),
  either: z.union([z.string(), z.number()]),
});

describe('route schema compilers', () => {
  it('when a schema has transforms, defaults, pipes or a discriminated union, then it is not taken as reading the same both ways', () => {
    expect(readsTheSameBothWays(body)).toBe(true);
    expect(readsTheSameBothWays(z.object({ at: z.string().transform((s) => s.trim()) }))).toBe(false);
    expect(readsTheSameBothWays(z.object({ on: z.boolean().default(true) }))).toBe(false);
    expect(readsTheSameBothWays(z.array(z.string().pipe(z.string())))).toBe(false);
    expect(
      readsTheSameBothWays(z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b'), v: z.number() })])),
    ).toBe(false);
  });

  it('when a response is serialized, then the body is the library one (unknown keys dropped) and a bad one is refused the same way', () => {
    const ours = serializerCompiler({ schema: body, ...route });
    const theirs = librarySerializer({ schema: body, ...route });
    const good = { id: 'x', count: 2, tags: ['a'], next: null, either: 3, extra: 'dropped' };
    expect(ours(good)).toBe(theirs(good));
    expect(ours(good)).not.toContain('extra');
    const bad = { ...good, count: -1 };
    expect(() => ours(bad)).toThrow(expect.objectContaining({ code: 'FST_ERR_RESPONSE_SERIALIZATION', statusCode: 500 }));
    expect(() => theirs(bad)).toThrow(expect.objectContaining({ code: 'FST_ERR_RESPONSE_SERIALIZATION', statusCode: 500 }));
  });

  it('when a request part is validated, then the value and the error are the library ones', () => {
    const schema = z.object({ step: z.number().int().min(1), data: z.record(z.string(), z.unknown()), at: z.string().trim().optional() });
    const ours = validatorCompiler({ schema, method: 'POST', url: '/x', httpPart: 'body' });
    const theirs = libraryValidator({ schema, method: 'POST', url: '/x', httpPart: 'body' });
    for (const input of [
      { step: 1, data: {}, at: '  7:30 ' },
      { step: 0, data: {} },
      { step: 'x' },
      null,
      { step: 2, data: [], more: 1 },
    ]) {
      expect(JSON.parse(JSON.stringify(ours(input)))).toEqual(JSON.parse(JSON.stringify(theirs(input))));
    }
  });
});
