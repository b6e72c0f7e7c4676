/**
 * The statechart visualizer for product reviewers (docs/behaviour/review.md), outside the /api scope:
 * - GET /visualizer: the page (no token needed);
 * - GET /visualizer/page.js: its script;
 * - GET /visualizer/vendor/mermaid/*: Mermaid's ESM build, served from node_modules (no CDN);
 * - GET /visualizer/data: public, aggregate-only counts (no user ids or data) and each machine's
 *   Mermaid text with the counts in the state descriptions. Cached briefly, so an open page or a
 *   crawler cannot turn into a database load.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { DIALOGUE_CHART, FUNNEL_FLOWS, labelOf } from '../funnel/flows.js';
import { dialogueCounts, funnelReport, type FunnelReport } from '../funnel/report.js';
import { toMermaid } from './mermaid.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const MERMAID_DIST = path.dirname(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.esm.min.mjs'));
/** Only the ESM build and its chunks are served. */
const MERMAID_FILE = /^(mermaid\.esm\.min\.mjs|chunks\/mermaid\.esm\.min\/[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.mjs)$/;

const stateCountsSchema = z.object({
  state: z.string(),
  label: z.string(),
  current: z.number().int(),
  /** null for a machine without a funnel (the dialogue): only its current counts are kept. */
  reached: z.number().int().nullable(),
  completed: z.number().int().nullable(),
});
const visualizerDataSchema = z.object({
  generated_at: z.string(),
  machines: z.array(
    z.object({
      machine_id: z.string(),
      flow: z.string(),
      title: z.string(),
      mermaid: z.string(),
      states: z.array(stateCountsSchema),
    }),
  ),
});
type VisualizerData = z.infer<typeof visualizerDataSchema>;

const countsLine = (c: { current: number; reached: number | null; completed: number | null }) =>
  c.reached === null ? `now ${c.current}` : `now ${c.current}, reached ${c.reached}, completed ${c.completed}`;

/** The dialogue machine with how many conversations are in each of its states now. */
function dialogueData(counts: ReadonlyMap<string, number>): VisualizerData['machines'][number] {
  const d = DIALOGUE_CHART;
  const states = Object.keys(d.machine.root.states).map((state) => ({
    state,
    label: d.labels[state] ?? state,
    current: counts.get(state) ?? 0,
    reached: null,
    completed: null,
  }));
  const byKey = new Map(states.map((s) => [s.state, s]));
  const mermaid = toMermaid(d.machine, {
    describe: (key) => {
      const c = byKey.get(key);
      return [...(d.labels[key] ? [d.labels[key]] : []), ...(c ? [countsLine(c)] : [])];
    },
  });
  return { machine_id: d.machineId, flow: d.flow, title: d.title, mermaid, states };
}

/** Aggregate counts only: the report minus rates, notes and failures, plus each annotated diagram. */
function visualizerData(report: FunnelReport, dialogue: ReadonlyMap<string, number>): VisualizerData {
  return {
    generated_at: report.generated_at,
    machines: [
      ...FUNNEL_FLOWS.map((f) => {
        const states = report.flows[f.flow].states.map(({ state, label, current, reached, completed }) => ({
          state,
          label,
          current,
          reached,
          completed,
        }));
        const byKey = new Map(states.map((s) => [s.state, s]));
        const mermaid = toMermaid(f.machine, {
          describe: (key) => {
            const c = byKey.get(key);
            const label = labelOf(f, key);
            return [...(label !== key ? [label] : []), ...(c ? [countsLine(c)] : [])];
          },
        });
        return { machine_id: f.machineId, flow: f.flow, title: f.title, mermaid, states };
      }),
      dialogueData(dialogue),
    ],
  };
}

interface VisualizerOptions {
  /** How long /visualizer/data answers from memory (default 5 s; 0 disables the cache). */
  dataTtlMs?: number;
  now?: () => Date;
}

export default async function visualizerPlugin(app: FastifyInstance, opts: VisualizerOptions = {}) {
  const ttl = opts.dataTtlMs ?? 5000;
  const [html, script] = await Promise.all([readFile(path.join(HERE, 'page.html'), 'utf8'), readFile(path.join(HERE, 'page.js'), 'utf8')]);

  let cached: { at: number; data: Promise<VisualizerData> } | null = null;
  const data = (): Promise<VisualizerData> => {
    const now = Date.now();
    if (cached && now - cached.at < ttl) return cached.data;
    const pending = Promise.all([funnelReport(app.db, opts.now), dialogueCounts(app.db)]).then(([report, dialogue]) =>
      visualizerData(report, dialogue),
    );
    // A failed read is not cached: the next request tries again.
    pending.catch(() => {
      if (cached?.data === pending) cached = null;
    });
    cached = { at: now, data: pending };
    return pending;
  };

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/visualizer', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html),
  );
  r.get('/visualizer/page.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(script),
  );
  r.get(
    '/visualizer/data',
    {
      schema: {
        tags: ['visualizer'],
        summary: 'Public, aggregate-only funnel counts per state, with each machine’s annotated Mermaid statechart',
        // Public: no token is asked for (the document's default is the bearer token).
        security: [],
        response: { 200: visualizerDataSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', `public, max-age=${Math.floor(ttl / 1000)}`);
      return data();
    },
  );
  r.get<{ Params: { '*': string } }>('/visualizer/vendor/mermaid/*', { schema: { hide: true } }, async (request, reply) => {
    const rel = request.params['*'];
    if (!MERMAID_FILE.test(rel)) throw new AppError('NOT_FOUND', 'No such asset');
    const file = path.join(MERMAID_DIST, rel);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new AppError('NOT_FOUND', 'No such asset');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('content-length', info.size)
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(file));
  });
}
