import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FITNESS_STATES } from '../../machines/fitness/states.js';
import { AppError } from '../errors.js';
import type { UserDataService } from './data-service.js';

const security = [{ bearerAuth: [] }];
const json = z.record(z.string(), z.unknown());

const profileSchema = z
  .object({
    user: z.object({
      id: z.string(),
      email: z.string().nullable(),
      full_name: z.string().nullable(),
      age: z.number().nullable(),
      gender: z.string().nullable(),
      height_cm: z.number().nullable(),
      weight_kg: z.number().nullable(),
      created_at: z.string(),
    }),
    fitness: z.object({
      onboarding_completed: z.boolean(),
      ...Object.fromEntries(FITNESS_STATES.map((s) => [s.key, json.nullable()])),
    }),
    companion: z.object({
      onboarding_completed: z.boolean(),
      onboarding_completed_at: z.string().nullable(),
      selected_agent_id: z.string().nullable(),
      main_use: z.string().nullable(),
      preferred_style: z.string().nullable(),
    }),
  })
  .meta({ id: 'UserProfile' });

const exportSchema = z
  .object({ exported_at: z.string(), user: json, tables: z.record(z.string(), z.array(json)) })
  .meta({ id: 'UserExport' });

/** The user's own data: the profile the onboardings produced, a full export, and account deletion. */
export default async function userDataRoutes(app: FastifyInstance, opts: { service: UserDataService; now?: () => Date }) {
  const { service } = opts;
  const now = opts.now ?? (() => new Date());
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/profiles/me',
    {
      schema: {
        tags: ['users'],
        summary: 'The consolidated profile: account basics and every saved onboarding value (nulls until saved)',
        operationId: 'getMyProfile',
        security,
        response: { 200: profileSchema },
      },
    },
    async (request) => {
      const profile = await service.profile(request.userId);
      if (!profile) throw new AppError('NOT_FOUND', 'No such user');
      return profile;
    },
  );

  r.get(
    '/api/v1/users/me/export',
    {
      schema: {
        tags: ['users'],
        summary: 'Everything stored about the user, every table, as one JSON document',
        operationId: 'exportMyData',
        security,
        response: { 200: exportSchema },
      },
    },
    async (request, reply) => {
      const doc = await service.export(request.userId, now());
      if (!doc) throw new AppError('NOT_FOUND', 'No such user');
      reply.header('content-disposition', 'attachment; filename="my-data.json"');
      return doc as z.infer<typeof exportSchema>;
    },
  );

  r.delete(
    '/api/v1/users/me',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete the account and every row that belongs to it; its tokens stop working',
        operationId: 'deleteMe',
        security,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (request, reply) => {
      const sub = await service.erase(request.userId);
      if (sub === null) throw new AppError('NOT_FOUND', 'No such user');
      app.forgetUser(request.userId, sub);
      request.log.info('user: account erased');
      return reply.status(204).send(null);
    },
  );
}
