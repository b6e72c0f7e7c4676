/**
 * POST /api/v1/chat accepts the original backend's agent names: after completion every
 * non-general one is 403 AGENT_NOT_ALLOWED (not 400), and null means the general agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/app.js';
import { CHAT_URL, completeOnboarding, expectError, newUser, post, saveThrough } from './helpers/fitness-client.js';

describe('POST /api/v1/chat agent names', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('when a completed user names an original backend agent, then 403 AGENT_NOT_ALLOWED names it and allows general', async () => {
    const u = newUser(t);
    await completeOnboarding(t, u.token);
    for (const agent of ['workout', 'diet', 'scheduler', 'supplement', 'tracker', 'workout_planning', 'diet_planning']) {
      const err = expectError(await post(t, CHAT_URL, u.token, { message: 'Plan my week', agent_type: agent }), 403, 'AGENT_NOT_ALLOWED');
      expect(err.detail.requested_agent).toBe(agent);
      expect(err.detail.allowed_agent).toBe('general');
    }
  });

  it('when a completed user sends agent_type general or null, then the general agent answers', async () => {
    const u = newUser(t);
    await completeOnboarding(t, u.token);
    for (const agent_type of ['general', null]) {
      const res = await post(t, CHAT_URL, u.token, { message: 'How much water should I drink?', agent_type });
      expect(res.status, res.raw).toBe(200);
      expect((res.body as { agent_type: string }).agent_type).toBe('general');
    }
  });

  it('when a user before completion names an original agent, then 403 ONBOARDING_REQUIRED; an unknown name is 400', async () => {
    const u = newUser(t);
    await saveThrough(t, u.token, 2);
    expectError(await post(t, CHAT_URL, u.token, { message: 'Hi', agent_type: 'diet' }), 403, 'ONBOARDING_REQUIRED');
    expectError(await post(t, CHAT_URL, u.token, { message: 'Hi', agent_type: 'astrologer' }), 400, 'VALIDATION_ERROR');
  });
});
