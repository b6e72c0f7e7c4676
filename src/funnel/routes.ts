/**
 * GET /api/v1/admin/funnel (JSON, or Prometheus text with ?format=prometheus) and
 * GET /api/v1/admin/metrics (Prometheus text). Registered inside the authenticated /api scope.
 * Admin is either a token carrying the admin role (`role: "admin"`, or "admin" in `roles`, as
 * minted by the token CLI with the service's secret), or, in a real deployment, a registered
 * account whose email is listed in ADMIN_EMAILS (granted and revoked by changing the list).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { PROMETHEUS_CONTENT_TYPE, toPrometheus } from './prometheus.js';
import { funnelReport } from './report.js';

const ADMIN_ROLE = 'admin';

function isAdmin(request: FastifyRequest): boolean {
  const user = request.user;
  return user.role === ADMIN_ROLE || (user.roles ?? []).includes(ADMIN_ROLE);
}

const counts = {
  reached: z.number().int(),
  completed: z.number().int(),
  current: z.number().int(),
  validation_failures: z.number().int(),
  completion_rate: z.number(),
};
const flowSchema = z.object({
  flow: z.enum(['guided', 'fitness']),
  machine_id: z.string(),
  validation_failures_recorded: z.boolean(),
  notes: z.array(z.string()),
  states: z.array(z.object({ state: z.string(), label: z.string(), agent: z.string().nullable(), final: z.boolean(), ...counts })),
  agents: z.array(z.object({ agent: z.string(), states: z.array(z.string()), ...counts })),
});
const funnelReportSchema = z.object({
  generated_at: z.string(),
  flows: z.object({ guided: flowSchema, fitness: flowSchema }),
});

const security = [{ bearerAuth: [] }];

/** Whether the request's user is a registered account (password set) with a listed email. */
async function isListedAdmin(app: FastifyInstance, userId: string, adminEmails: readonly string[]): Promise<boolean> {
  if (adminEmails.length === 0 || !userId) return false;
  // The email is read from the account, not from the token: only a password login proves it.
  const { rowCount } = await app.db.query(
    `SELECT 1 FROM users WHERE id = $1 AND password_hash IS NOT NULL AND lower(email) = ANY($2::text[])`,
    [userId, [...adminEmails]],
  );
  return rowCount > 0;
}

export default async function funnelRoutes(app: FastifyInstance, opts: { now?: () => Date; adminEmails?: readonly string[] } = {}) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const adminEmails = opts.adminEmails ?? [];

  const requireAdmin = async (request: FastifyRequest) => {
    if (isAdmin(request) || (await isListedAdmin(app, request.userId, adminEmails))) return;
    throw new AppError('FORBIDDEN', 'The admin role is required');
  };

  r.get(
    '/api/v1/admin/funnel',
    {
      preHandler: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Onboarding funnel per flow, state and agent (admin role); ?format=prometheus for Prometheus text',
        security,
        querystring: z.object({ format: z.enum(['json', 'prometheus']).default('json') }),
        response: { 200: funnelReportSchema.or(z.string()) },
      },
    },
    async (request, reply) => {
      const report = await funnelReport(app.db, opts.now);
      if (request.query.format === 'prometheus') return reply.type(PROMETHEUS_CONTENT_TYPE).send(toPrometheus(report));
      return report;
    },
  );

  r.get(
    '/api/v1/admin/metrics',
    {
      preHandler: requireAdmin,
      schema: { tags: ['admin'], summary: 'The onboarding funnel as Prometheus text (admin role)', security },
    },
    async (_request, reply) => reply.type(PROMETHEUS_CONTENT_TYPE).send(toPrometheus(await funnelReport(app.db, opts.now))),
  );
}
