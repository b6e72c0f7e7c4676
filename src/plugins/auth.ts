import fp from 'fastify-plugin';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
    app.decorate('authenticate', async (request: FastifyRequest) => {
      let claims: Claims;
      try {
        claims = claimsSchema.parse(await request.jwtVerify());
      } catch {
        throw new AppError('UNAUTHORIZED', 'Missing or invalid bearer token');
      }
      request.user = claims;
      request.userId = await app.users.ensure({ sub: claims.sub, email: claims.email, name: claims.name });
      request.log = request.log.child({ userId: request.userId });
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
