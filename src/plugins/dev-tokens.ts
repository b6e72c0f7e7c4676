/**
 * POST /api/dev/token: signs a token for any `sub`, so that the screen at `/` and a newcomer's
 * curl work without an identity provider. Registered only while DEV_TOKENS is on, and even then
 * it answers only when the server listens on loopback (unless DEV_TOKENS was switched on
 * explicitly): a deployment that forgot NODE_ENV is not an open token mint. Never an admin role.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isLoopbackHost } from '../config.js';
import { AppError } from '../errors.js';

interface DevTokenOptions {
  /** DEV_TOKENS=on given explicitly: any listener is accepted (the start logs a warning). */
  anyListener: boolean;
}

/** Roles a development token may never carry: whoever can reach the issuer would hold them. */
export function isPrivilegedRole(role: string): boolean {
  return /admin/i.test(role);
}

const devTokenBodySchema = z.strictObject({
  sub: z.string().min(1).max(200),
  email: z.string().email().optional(),
  name: z.string().max(200).optional(),
  role: z.string().max(50).optional(),
});

export default async function devTokensPlugin(instance: FastifyInstance, opts: DevTokenOptions) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  app.post(
    '/api/dev/token',
    {
      schema: {
        tags: ['dev'],
        summary: 'Issue a development token (only while DEV_TOKENS is on, on a loopback listener; never an admin role)',
        // It is how a token is obtained: it asks for none.
        security: [],
        body: devTokenBodySchema,
      },
    },
    async (request) => {
      // The listener actually bound, not the configured HOST: inject() (tests) has none.
      const address = app.server.address() as AddressInfo | string | null;
      const bound = address && typeof address === 'object' ? address.address : undefined;
      if (bound !== undefined && !opts.anyListener && !isLoopbackHost(bound)) {
        throw new AppError('NOT_FOUND', `Route POST ${request.url} not found`);
      }
      if (request.body.role !== undefined && isPrivilegedRole(request.body.role)) {
        throw new AppError('VALIDATION_ERROR', 'A development token cannot carry an admin role', { field: 'role' });
      }
      return { access_token: app.signToken(request.body), token_type: 'bearer' };
    },
  );
}
