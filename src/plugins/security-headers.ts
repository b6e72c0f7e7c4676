import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

type HelmetMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
type Helmet = (options: Record<string, unknown>) => HelmetMiddleware;

// The helmet that @fastify/helmet itself uses, resolved from that package, so the headers follow its version.
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as Helmet;

interface SecurityHeadersOptions {
  /** helmet's options; every header helmet derives from them is fixed for the process. */
  helmet: Record<string, unknown>;
}

/**
 * What helmet does to a response with these options: the headers it sets and the ones it
 * removes. Every helmet middleware writes constants (CSP nonces would not be, and are not used).
 */
export function helmetHeaders(options: Record<string, unknown>): { set: Array<[string, string]>; removed: string[] } {
  const set: Array<[string, string]> = [];
  const removed: string[] = [];
  const res = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
      return res;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
  });
  return { set, removed };
}

/**
 * helmet's security headers on every response, computed once at boot: @fastify/helmet builds
 * helmet's whole middleware chain from its options again on every request. They are set on the
 * reply in an onRequest hook, so routes and error replies can still override one. Setting them on
 * the reply, not the raw response as helmet does, keeps Node's fast path: a response with no raw
 * header set hands Fastify's header object straight to writeHead, where one raw header sends
 * every header through setHeader and its checks once more.
 */
export default fp(
  async function securityHeadersPlugin(app: FastifyInstance, opts: SecurityHeadersOptions) {
    const { set, removed } = helmetHeaders(opts.helmet);
    const headers = set.map(([name, value]) => [name.toLowerCase(), value] as const);
    app.addHook('onRequest', function securityHeaders(_request, reply, done) {
      for (let i = 0; i < headers.length; i++) reply.header(headers[i]![0], headers[i]![1]);
      for (let i = 0; i < removed.length; i++) reply.removeHeader(removed[i]!);
      done();
    });
  },
  { name: 'security-headers' },
);
