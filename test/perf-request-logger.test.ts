/**
 * Request loggers are deferred (src/observability/request-logger.ts): children and bindings are
 * replayed on pino when a line is first written. The lines must be the ones pino's own children
 * write, and a level that drops a line must still drop it.
 */
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { deferredChildLogger } from '../src/observability/request-logger.js';

type WithBindings = FastifyBaseLogger & { setBindings(bindings: Record<string, unknown>): void };

function rootLogger(level: string): { log: FastifyBaseLogger; lines: string[] } {
  const lines: string[] = [];
  const app = Fastify({
    logger: {
      level,
      redact: ['req.headers.authorization', '*.password'],
      stream: { write: (line: string) => void lines.push(line.replace(/"time":\d+,/, '')) },
    },
  });
  return { log: app.log, lines };
}

const boom = new Error('boom');

/** What a request does with its logger: auth binds the user, a flow derives a child, lines at several levels. */
function script(log: FastifyBaseLogger): void {
  (log as WithBindings).setBindings({ userId: 'u-1' });
  log.debug({ step: 0 }, 'debug line');
  const flow = log.child({ flow: 'fitness', agent: 'coach' });
  flow.info({ body: { password: 'secret', kept: 1 } }, 'saved');
  log.warn('plain %s', 'warning');
  flow.child({ turn: 2 }).error({ err: boom }, 'failed');
  log.info({ req: { headers: { authorization: 'Bearer x' } } }, 'redacted');
}

describe('deferred request loggers', () => {
  for (const level of ['trace', 'info', 'warn', 'silent']) {
    it(`when a request logs at level ${level}, then the lines are exactly pino's own children's`, () => {
      const expected = rootLogger(level);
      script(expected.log.child({ reqId: 'r-1' }, {}));
      const actual = rootLogger(level);
      const factory = deferredChildLogger.bind(Fastify());
      script(factory(actual.log, { reqId: 'r-1' }, {}, {} as never));
      expect(actual.lines).toEqual(expected.lines);
      if (level === 'trace') expect(actual.lines).toHaveLength(5);
    });
  }

  it('when nothing is written at an enabled level, then no pino child is derived and the level reads through', () => {
    const root = rootLogger('warn');
    const log = deferredChildLogger.call(Fastify(), root.log, { reqId: 'r-2' }, {}, {} as never);
    log.info('dropped');
    expect(log.level).toBe('warn');
    expect(root.lines).toEqual([]);
  });
});
