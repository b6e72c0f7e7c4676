/**
 * tsx test/bench/cpu.ts [--scenarios read,step] [--seconds 6] [--rounds 2] [--profile DIR]
 *
 * Server-process CPU per request, ours and the floor, for a few rows of the bench, measured as
 * run.ts does (saturated, 32 connections, /proc CPU of the server process over answers) but
 * without the fixed-rate runs, the sessions and the second instance: a quick loop for work on
 * the request path. `--profile DIR` starts our service with --cpu-prof, writing its profile to
 * DIR when the run ends (`--profile-floor DIR` the floor's).
 */
import { parseArgs } from 'node:util';
import { requests, saturated } from './load.js';
import { actionScenario, chatScenario, readScenario, stepScenario, type Scenario } from './scenarios.js';
import {
  serviceEnv,
  buildEntries,
  cleanupAll,
  cpuSeconds,
  createScratchDatabase,
  installSignalHandlers,
  log,
  openPool,
  startChild,
  type Child,
} from './setup.js';

const { values } = parseArgs({
  options: {
    scenarios: { type: 'string', default: 'read,step' },
    seconds: { type: 'string', default: '6' },
    rounds: { type: 'string', default: '2' },
    profile: { type: 'string' },
    'profile-floor': { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const USERS = 1_000;
const CONNECTIONS = 32;

const ALL: Record<string, (n: number) => Scenario> = {
  read: readScenario,
  step: stepScenario,
  action: actionScenario,
  chat: chatScenario,
};

async function cpuPerRequest(child: Child, make: Scenario['ours']): Promise<{ micros: number; rps: number }> {
  const before = cpuSeconds(child.process.pid) ?? 0;
  const r = await saturated(child.baseUrl, make(), SECONDS, CONNECTIONS);
  const after = cpuSeconds(child.process.pid) ?? 0;
  if (r.errors > 0) log(`${child.name}: ${r.errors} errors ${JSON.stringify(r.statuses)}`);
  return { micros: ((after - before) / Math.max(1, r.ok + r.errors)) * 1e6, rps: r.rps };
}

async function main(): Promise<void> {
  installSignalHandlers();
  const database = await createScratchDatabase('onb_cpu');
  const entries = buildEntries();
  const nodeArgs = [...entries.nodeArgs, ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [])];
  const ours = await startChild('our service', entries.service, serviceEnv(database.url, '10'), nodeArgs);
  const floorArgs = [...entries.nodeArgs, ...(values['profile-floor'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-floor']}`] : [])];
  const floor = await startChild('floor', entries.floor, { DATABASE_URL: database.url, DB_POOL_SIZE: '10' }, floorArgs);
  const db = openPool(database.url);
  const scenarios = (values.scenarios ?? '').split(',').map((k) => {
    const make = ALL[k];
    if (!make) throw new Error(`unknown scenario ${k}; one of ${Object.keys(ALL).join(', ')}`);
    return make(USERS);
  });
  for (const s of scenarios) {
    if (!(await s.available(ours.baseUrl))) throw new Error(`${s.what} is not available`);
    await s.prepare(ours.baseUrl, db);
    await s.prepareFloor?.(floor.baseUrl, db);
  }
  await db.query('VACUUM ANALYZE');
  for (const s of scenarios) {
    await s.sync(db);
    await requests(ours.baseUrl, s.ours(), USERS, CONNECTIONS);
    await saturated(ours.baseUrl, s.ours(), 2, CONNECTIONS);
    await saturated(floor.baseUrl, s.floor(), 2, CONNECTIONS);
    for (let round = 0; round < ROUNDS; round++) {
      await s.sync(db);
      const o = await cpuPerRequest(ours, s.ours);
      await s.sync(db);
      const f = await cpuPerRequest(floor, s.floor);
      process.stdout.write(
        `${s.what}: ours ${Math.round(o.micros)} µs/req ${Math.round(o.rps)}/s; floor ${Math.round(f.micros)} µs/req ` +
          `${Math.round(f.rps)}/s; ratio ${(o.rps / f.rps).toFixed(2)}\n`,
      );
    }
  }
}

try {
  await main();
} catch (err) {
  process.stderr.write(`cpu bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
