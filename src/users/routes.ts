import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failureError, restLocale } from '../flows/fitness/http.js';
import type { Locale } from '../flows/fitness/messages.js';
import { progressOf, type FitnessService } from '../flows/fitness/service.js';
import { accessControl } from '../flows/fitness/progress.js';
import type { UserDirectory } from './service.js';

const meSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  full_name: z.string().nullable(),
  onboarding_completed: z.boolean(),
  access_control: z.object({
    can_access_dashboard: z.boolean(),
    can_access_workouts: z.boolean(),
    can_access_meals: z.boolean(),
    can_access_chat: z.boolean(),
    can_access_profile: z.boolean(),
    locked_features: z.array(z.string()),
    unlock_message: z.string().nullable(),
    onboarding_progress: z
      .object({ current_state: z.number().int(), total_states: z.number().int(), completion_percentage: z.number().int() })
      .nullable(),
  }),
});

/** GET /api/v1/users/me and its alias /api/v1/auth/me: the user and what they may access. */
export default async function userRoutes(app: FastifyInstance, opts: { fitness: FitnessService; users: UserDirectory }) {
  const handler = async (userId: string, locale: Locale) => {
    const [user, row] = await Promise.all([opts.users.find(userId), opts.fitness.row(userId)]);
    if (!user || !row) throw failureError({ ok: false, code: 'NOT_FOUND', message: 'No onboarding state exists for this user' }, locale);
    return {
      ...user,
      onboarding_completed: row.is_complete,
      access_control: accessControl({ onboardingCompleted: row.is_complete, progress: progressOf(row), locale }),
    };
  };
  for (const url of ['/api/v1/users/me', '/api/v1/auth/me']) {
    app.withTypeProvider<ZodTypeProvider>().get(
      url,
      {
        schema: {
          tags: ['users'],
          summary: 'The current user, onboarding status and feature access',
          security: [{ bearerAuth: [] }],
          response: { 200: meSchema },
        },
      },
      async (request) => handler(request.userId, restLocale(request)),
    );
  }
}
