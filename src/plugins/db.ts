import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** Makes the database available to routes; the app closes it when it owns it. */
export default fp(
  async function dbPlugin(app: FastifyInstance, opts: { db: Database; owned: boolean }) {
    app.decorate('db', opts.db);
    if (opts.owned) app.addHook('onClose', async () => opts.db.close());
  },
  { name: 'db' },
);
