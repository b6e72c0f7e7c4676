import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { UserDirectory } from '../users/service.js';

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  email: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
  role: z.string().optional(),
  roles: z.array(z.string()).optional(),
});
export type Claims = z.infer<typeof claimsSchema>;
const tokenSchema = claimsSchema.extend({ exp: z.number().optional(), iat: z.number().optional() });

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; email?: string; name?: string; role?: string };
    user: Claims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    users: UserDirectory;
    /** onRequest hook: verifies the bearer token and resolves `request.userId`. */
    authenticate(request: FastifyRequest): Promise<void>;
    signToken(claims: { sub: string; email?: string; name?: string; role?: string }, expiresIn?: string): string;
    /** Drops every cached token and lookup of a deleted user, so their next request is checked again. */
    forgetUser(userId: string, sub: string): void;
  }
  interface FastifyRequest {
    userId: string;
  }
}

export default fp(
  async function authPlugin(app: FastifyInstance, opts: { secret: string }) {
    await app.register(jwt, {
      secret: opts.secret,
      sign: { algorithm: 'HS256', expiresIn: '7d' },
      verify: { algorithms: ['HS256'] },
    });
    app.decorate('users', new UserDirectory(app.db));
    app.decorateRequest('userId', '');
    app.decorate('signToken', (claims: { sub: string; email?: string; name?: string; role?: string }, expiresIn = '7d') =>
      app.jwt.sign(claims, { expiresIn }),
    );
    // A token verified once is remembered until it expires: signature checks, claim parsing and
    // the user lookup leave the hot path. Keyed by the whole token, so nothing unverified is trusted.
    const verified = new Map<string, { claims: Claims; userId: string; expiresAt: number }>();
    const MAX_CACHED = 10_000;
    // Another instance learns of an account deletion only from the database: a cached token is
    // trusted for at most this long, so every instance refuses a deleted user's tokens soon after.
    const MAX_CACHE_AGE_MS = 60_000;
    app.decorate('forgetUser', (userId: string, sub: string) => {
      for (const [token, entry] of verified) if (entry.userId === userId) verified.delete(token);
      app.users.forget(sub);
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      const hit = token ? verified.get(token) : undefined;
      if (hit && hit.expiresAt > Date.now()) {
        request.user = hit.claims;
        request.userId = hit.userId;
      } else {
        let payload: Claims & { exp?: number };
        try {
          payload = tokenSchema.parse(await request.jwtVerify());
        } catch {
          throw new AppError('UNAUTHORIZED', 'Missing or invalid bearer token');
        }
        const { exp, iat, ...claims } = payload;
        request.user = claims;
        const userId = await app.users.ensure({ sub: claims.sub, email: claims.email, name: claims.name }, iat);
        if (userId === null) throw new AppError('UNAUTHORIZED', 'Missing or invalid bearer token');
        request.userId = userId;
        if (token && exp !== undefined) {
          if (verified.size >= MAX_CACHED) verified.clear();
          verified.set(token, { claims, userId, expiresAt: Math.min(exp * 1000, Date.now() + MAX_CACHE_AGE_MS) });
        }
      }
      // Fastify's request logger is already a per-request pino child: bind the user to it in place.
      const log = request.log as FastifyBaseLogger & { setBindings?: (bindings: Record<string, unknown>) => void };
      if (log.setBindings) log.setBindings({ userId: request.userId });
      else request.log = request.log.child({ userId: request.userId });
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
