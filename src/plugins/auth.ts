import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { UserDirectory } from '../users/service.js';
import { isStorableText } from './safe-text.js';

// Claims are stored (sub, email, name) or logged: text PostgreSQL cannot store makes the token invalid.
const claimText = () => z.string().refine(isStorableText);
const claimsSchema = z.object({
  sub: claimText().min(1).max(200),
  email: claimText().max(320).optional(),
  name: claimText().max(200).optional(),
  role: claimText().max(50).optional(),
  roles: z.array(claimText().max(50)).max(20).optional(),
});
type Claims = z.infer<typeof claimsSchema>;
const tokenSchema = claimsSchema.extend({ exp: z.number().optional(), iat: z.number().optional(), iat_ms: z.number().optional() });

/**
 * When the token was issued, in seconds, as precisely as it says. `iat` has whole seconds only,
 * so a token issued in the second an account was erased could not be told from one issued just
 * before; tokens this service signs also carry `iat_ms`, used when it agrees with `iat`.
 */
function issuedAtSeconds(iat: number | undefined, iatMs: number | undefined): number | undefined {
  if (iat === undefined) return undefined;
  return iatMs !== undefined && Math.floor(iatMs / 1000) === iat ? iatMs / 1000 : iat;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string; email?: string; name?: string; role?: string; iat?: number; iat_ms?: number };
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

interface AuthOptions {
  secret: string;
  /** How long a verified token's user is served from memory before the database is asked again. */
  userCacheTtlMs?: number;
}

export default fp(
  async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
    await app.register(jwt, {
      secret: opts.secret,
      sign: { algorithm: 'HS256', expiresIn: '7d' },
      verify: { algorithms: ['HS256'] },
    });
    const users = new UserDirectory(app.db, { ttlMs: opts.userCacheTtlMs });
    app.decorate('users', users);
    app.decorateRequest('userId', '');
    app.decorate('signToken', (claims: { sub: string; email?: string; name?: string; role?: string }, expiresIn = '7d') => {
      const now = Date.now();
      return app.jwt.sign({ ...claims, iat: Math.floor(now / 1000), iat_ms: now }, { expiresIn });
    });
    // A token verified once is remembered until it expires: signature checks and claim parsing
    // leave the hot path. Keyed by the whole token, so nothing unverified is trusted. Its user is
    // re-resolved once the directory's lookup is stale, and dropped when the user is forgotten.
    const verified = new Map<string, { claims: Claims; userId: string; expiresAt: number; checkedAt: number; iat: number | undefined }>();
    const MAX_CACHED = 10_000;
    users.onForgetUser((userId) => {
      for (const [token, entry] of verified) if (entry.userId === userId) verified.delete(token);
    });
    app.decorate('forgetUser', (userId: string, sub: string) => {
      users.forget(sub);
      users.forgetUser(userId);
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      const hit = token ? verified.get(token) : undefined;
      if (hit && hit.expiresAt > Date.now()) {
        request.user = hit.claims;
        if (!users.fresh(hit.checkedAt)) {
          const again = await users.ensure({ sub: hit.claims.sub, email: hit.claims.email, name: hit.claims.name }, hit.iat);
          if (again === null) {
            verified.delete(token as string);
            throw new AppError('UNAUTHORIZED', 'Missing or invalid bearer token');
          }
          hit.userId = again;
          hit.checkedAt = Date.now();
        }
        request.userId = hit.userId;
      } else {
        let payload: Claims & { exp?: number; iat?: number; iat_ms?: number };
        try {
          payload = tokenSchema.parse(await request.jwtVerify());
        } catch {
          throw new AppError('UNAUTHORIZED', 'Missing or invalid bearer token');
        }
        const { exp, iat: wholeSeconds, iat_ms: iatMs, ...claims } = payload;
        const iat = issuedAtSeconds(wholeSeconds, iatMs);
        request.user = claims;
        const userId = await app.users.ensure({ sub: claims.sub, email: claims.email, name: claims.name }, iat);
        if (userId === null) throw new AppError('UNAUTHORIZED', 'Missing or invalid bearer token');
        request.userId = userId;
        if (token && exp !== undefined) {
          if (verified.size >= MAX_CACHED) verified.clear();
          verified.set(token, { claims, userId, expiresAt: exp * 1000, checkedAt: Date.now(), iat });
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
