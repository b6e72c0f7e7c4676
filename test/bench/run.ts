/**
 * npm run bench [-- --quick] [-- --migration] [-- --round-trips]
 *
 * docs/behaviour/operations.md's performance table, measured against our service and a bare floor in the same
 * run; prints the table and writes it to docs/benchmarks.md. See that file for the method.
 * A second instance of our service on the same database then shares the guided turn's saturated
 * load, for its throughput and p99 with one instance and with two (issue 9).
 * First it counts the database round trips of each kind of request (round-trips.ts);
 * `--round-trips` does only that.
 */
import { parseArgs } from 'node:util';
import { createDatabase } from '../../src/db/index.js';
import type pg from 'pg';
import { fixedRate, requests, saturated, saturatedAcross, type LoadResult, type RequestMaker } from './load.js';
import { runMigration } from './migration.js';
import { count, emptyRow, ms, perSecond, renderHeader, renderTable, writeMarkdown, type RunContext, type TableRow } from './report.js';
import { countRoundTrips, renderRoundTrips } from './round-trips.js';
import { actionScenario, chatScenario, companionScenario, readScenario, stepScenario, type Scenario } from './scenarios.js';
import { runSessions } from './sessions.js';
import {
  serviceEnv,
  cleanupAll,
  cpuSeconds,
  createScratchDatabase,
  installSignalHandlers,
  interrupted,
  log,
  machineInfo,
  openPool,
  postgresVersion,
  startChild,
  buildEntries,
  stopChild,
  type Child,
} from './setup.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    migration: { type: 'boolean', default: false },
    'round-trips': { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;

const T = quick
  ? { warm: 1, rewarm: 1, fixed: 2, sat: 2, satRounds: 1, sessions: 1_000, legacyRows: 100_000 }
  : { warm: 2, rewarm: 1, fixed: 10, sat: 5, satRounds: 5, sessions: 10_000, legacyRows: 1_000_000 };
const USERS_PER_ROW = 1_000;
const SESSIONS_IN_FLIGHT = 200;
const SATURATION_CONNECTIONS = 32;
const POOL_SIZE = process.env.DB_POOL_SIZE ?? '10';

interface Measured {
  fixed: LoadResult;
  floorFixed: LoadResult;
  /** The saturated pair (ours, floor) of the round whose ratio is the median. */
  oursSat: LoadResult;
  floorSat: LoadResult;
  /** Every round's ratio of saturated throughputs, ours over the floor's, in run order. */
  ratios: number[];
  /** Our non-2xx answers and errors over every saturated round. */
  satErrors: number;
  writes: number | null;
  /** Server-process CPU per answered request during the saturated runs, in microseconds (median round). */
  cpuOurs: number | null;
  cpuFloor: number | null;
}

/** A saturated run, with the CPU the server process spent per answer. */
async function saturatedWithCpu(child: Child, make: RequestMaker): Promise<{ result: LoadResult; cpuMicros: number | null }> {
  const before = cpuSeconds(child.process.pid);
  const result = await saturated(child.baseUrl, make, T.sat, SATURATION_CONNECTIONS);
  const after = cpuSeconds(child.process.pid);
  const answers = result.ok + result.errors;
  return { result, cpuMicros: before === null || after === null || answers === 0 ? null : ((after - before) / answers) * 1e6 };
}

async function measure(s: Scenario, ours: Child, floor: Child, db: pg.Pool): Promise<Measured> {
  log(`${s.what}: warm-up, then ${s.rate} req/s for ${T.fixed} s`);
  await s.sync(db);
  await fixedRate(ours.baseUrl, s.ours(), s.rate, T.warm);
  await s.sync(db);
  const before = await s.writes(db);
  const fixed = await fixedRate(ours.baseUrl, s.ours(), s.rate, T.fixed);
  const after = await s.writes(db);
  // Both get the same saturated warm-up, then the two alternate for a few short rounds, each
  // round in the other order than the last (ours first, then the floor first): the machine's own
  // drift (it is shared and noisy) then falls on both alike, and the median round is kept. Each
  // measured run follows a short saturated run of the same server: a server measured right after
  // the other one lost 10-20% of its throughput to the switch (the ratio then swung with the order).
  log(`${s.what}: saturated, ${T.satRounds} round(s) of ours and the floor in turn, ${T.sat} s each`);
  for (const child of [ours, floor]) {
    await s.sync(db);
    await saturated(child.baseUrl, child === ours ? s.ours() : s.floor(), T.warm, SATURATION_CONNECTIONS);
  }
  const rounds: Array<{ ours: Awaited<ReturnType<typeof saturatedWithCpu>>; floor: Awaited<ReturnType<typeof saturatedWithCpu>> }> = [];
  const run = async (child: Child) => {
    const make = () => (child === ours ? s.ours() : s.floor());
    await saturated(child.baseUrl, make(), T.rewarm, SATURATION_CONNECTIONS);
    await s.sync(db);
    return saturatedWithCpu(child, make());
  };
  for (let round = 0; round < T.satRounds; round++) {
    if (round % 2 === 0) {
      const o = await run(ours);
      rounds.push({ ours: o, floor: await run(floor) });
    } else {
      const f = await run(floor);
      rounds.push({ ours: await run(ours), floor: f });
    }
  }
  const ratioOf = (r: (typeof rounds)[number]) => r.ours.result.rps / r.floor.result.rps;
  const median = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(rounds.length / 2)]!;
  log(`${s.what}: floor at ${s.rate} req/s for reference`);
  await s.sync(db);
  const floorFixed = await fixedRate(floor.baseUrl, s.floor(), s.rate, T.fixed);
  return {
    fixed,
    floorFixed,
    oursSat: median.ours.result,
    floorSat: median.floor.result,
    ratios: rounds.map(ratioOf),
    satErrors: rounds.reduce((n, r) => n + r.ours.result.errors, 0),
    writes: before === null || after === null ? null : after - before,
    cpuOurs: median.ours.cpuMicros,
    cpuFloor: median.floor.cpuMicros,
  };
}

function rowOf(s: Scenario, m: Measured): TableRow {
  const ratio = m.oursSat.rps / m.floorSat.rps;
  const failed: string[] = [];
  if (!(m.fixed.p99 <= s.p99Bar)) failed.push('p99');
  if (m.fixed.errors > 0 || m.satErrors > 0) failed.push('errors');
  if (m.fixed.rps < s.rate * 0.95) failed.push('rate not reached');
  if (s.ratioBar !== null && !(ratio >= s.ratioBar)) failed.push('ratio');
  return {
    what: s.what,
    target: `p99 <= ${s.p99Bar} ms @ ${s.rate}/s${s.ratioBar === null ? '' : `; ratio >= ${s.ratioBar}`}`,
    p50: ms(m.fixed.p50),
    p99: ms(m.fixed.p99),
    rps: perSecond(m.fixed.rps),
    errors: `${m.fixed.errors + m.satErrors}`,
    oursSat: `${perSecond(m.oursSat.rps)}/s`,
    floor: `${perSecond(m.floorSat.rps)}/s`,
    ratio: `${ratio.toFixed(2)}${s.ratioBar === null ? ' (info)' : ''}`,
    verdict: failed.length === 0 ? 'PASS' : `FAIL (${failed.join(', ')})`,
  };
}

function notesOf(s: Scenario, m: Measured): string[] {
  const statuses = (r: LoadResult) =>
    Object.entries(r.statuses)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, n]) => `${n} x ${code}`)
      .join(', ');
  const notes = [
    ...(m.ratios.length > 1
      ? [`${s.what}: saturated ratio per round ${m.ratios.map((r) => r.toFixed(2)).join(', ')} (median in the table).`]
      : []),
    `${s.what}: floor at the same ${s.rate} req/s: p50 ${ms(m.floorFixed.p50)}, p99 ${ms(m.floorFixed.p99)}; ` +
      `saturated (32 conns) p50/p99 ours ${ms(m.oursSat.p50)}/${ms(m.oursSat.p99)}, floor ${ms(m.floorSat.p50)}/${ms(m.floorSat.p99)}.`,
  ];
  if (m.cpuOurs !== null && m.cpuFloor !== null) {
    notes.push(
      `${s.what}: server-process CPU per request while saturated: ours ${Math.round(m.cpuOurs)} µs, floor ${Math.round(m.cpuFloor)} µs ` +
        `(PostgreSQL, the load generator and anything else on the machine share the same ${machineInfo().cpus} cores).`,
    );
  }
  if (m.writes !== null) {
    const per = s.writesAre ?? 'event rows';
    notes.push(`${s.what}: ${count(m.writes)} ${per} written during the fixed-rate run, for ${count(m.fixed.ok)} 2xx answers.`);
  }
  const bad = [statuses(m.fixed), statuses(m.oursSat)].filter(Boolean);
  if (bad.length > 0 || m.fixed.errors + m.satErrors > 0)
    notes.push(`${s.what}: non-2xx/errors: ${bad.join('; ') || 'connection errors'}.`);
  return notes;
}

interface Instances {
  one: LoadResult;
  two: LoadResult;
  /** Each instance's share of the two-instance run. */
  perInstance: LoadResult[];
  cpuOne: number | null;
  /** Server-process CPU per answer of each instance in the two-instance run. */
  cpuTwo: Array<number | null>;
  /** Rows the two-instance run wrote (event rows of the guided turn). */
  writes: number | null;
}

/**
 * The guided turn saturated on one instance, then on two instances of our service on the same
 * database at once (issue 9), back to back in the same run, with the same 32 connections in all:
 * split 16 + 16 between the two.
 */
async function measureInstances(s: Scenario, ours: Child, second: Child, db: pg.Pool): Promise<Instances> {
  const children = [ours, second];
  const urls = children.map((c) => c.baseUrl);
  log(`${s.what}: two instances, one database: warm-up, then saturated on one instance and on two, ${T.sat} s each`);
  // The second instance starts cold: it gets a saturated run of its own first (JIT, pool). Then
  // each instance serves every user of the row (their lookups are cached per process, for 30 s),
  // and both a warm-up together, so that neither run meets a cold cache.
  await s.sync(db);
  await saturated(second.baseUrl, s.ours(), T.sat, SATURATION_CONNECTIONS);
  for (const c of children) await requests(c.baseUrl, s.ours(), USERS_PER_ROW, SATURATION_CONNECTIONS);
  await s.sync(db);
  await saturatedAcross(urls, s.ours(), T.warm, SATURATION_CONNECTIONS);
  await s.sync(db);
  const one = await saturatedWithCpu(ours, s.ours());
  await s.sync(db);
  const before = await s.writes(db);
  const cpuBefore = children.map((c) => cpuSeconds(c.process.pid));
  const two = await saturatedAcross(urls, s.ours(), T.sat, SATURATION_CONNECTIONS);
  const cpuAfter = children.map((c) => cpuSeconds(c.process.pid));
  const after = await s.writes(db);
  const cpuTwo = children.map((_, i) => {
    const b = cpuBefore[i];
    const a = cpuAfter[i];
    const share = two.perInstance[i];
    const answers = share ? share.ok + share.errors : 0;
    return b === null || b === undefined || a === null || a === undefined || answers === 0 ? null : ((a - b) / answers) * 1e6;
  });
  return {
    one: one.result,
    two: two.result,
    perInstance: two.perInstance,
    cpuOne: one.cpuMicros,
    cpuTwo,
    writes: before === null || after === null ? null : after - before,
  };
}

function instanceRows(s: Scenario, m: Instances): TableRow[] {
  const target = `saturated, ${SATURATION_CONNECTIONS} conns; info`;
  const one: TableRow = {
    what: `${s.what}, 1 instance`,
    target,
    p50: ms(m.one.p50),
    p99: ms(m.one.p99),
    rps: '-',
    errors: `${m.one.errors}`,
    oursSat: `${perSecond(m.one.rps)}/s`,
    floor: '-',
    ratio: '-',
    verdict: m.one.errors === 0 ? 'PASS' : 'FAIL (errors)',
  };
  // Every answered turn wrote its event row; a few more rows come from requests still in
  // flight when the run stopped (written, their answers not counted).
  const lost = m.writes !== null && m.writes < m.two.ok;
  const failed = [...(m.two.errors > 0 ? ['errors'] : []), ...(lost ? ['lost writes'] : [])];
  const two: TableRow = {
    what: `${s.what}, 2 instances, 1 database`,
    target: `${target}; 0 lost writes`,
    p50: ms(m.two.p50),
    p99: ms(m.two.p99),
    rps: '-',
    errors: `${m.two.errors}`,
    oursSat: `${perSecond(m.two.rps)}/s`,
    floor: '-',
    ratio: `${(m.two.rps / m.one.rps).toFixed(2)} x 1 inst.`,
    verdict: failed.length === 0 ? 'PASS' : `FAIL (${failed.join(', ')})`,
  };
  return [one, two];
}

function instanceNotes(s: Scenario, m: Instances): string[] {
  const cpu = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${Math.round(v)} µs`);
  const notes = [
    `${s.what}, two instances on one database (same run, back to back, ${SATURATION_CONNECTIONS} connections in both runs, split ` +
      `${m.perInstance.map((r) => `${perSecond(r.rps)}/s`).join(' + ')} between the instances): saturated throughput ` +
      `${perSecond(m.one.rps)}/s with one instance, ${perSecond(m.two.rps)}/s with two; p50/p99 ${ms(m.one.p50)}/${ms(m.one.p99)} ` +
      `with one, ${ms(m.two.p50)}/${ms(m.two.p99)} with two.`,
    `${s.what}, two instances: server-process CPU per request ${cpu(m.cpuOne)} with one instance, ${m.cpuTwo.map(cpu).join(' and ')} ` +
      `with two (the instances, PostgreSQL and the load generator share the same ${machineInfo().cpus} cores, so a second instance ` +
      'adds processes, not CPU).',
  ];
  if (m.writes !== null) {
    notes.push(
      `${s.what}, two instances: ${count(m.writes)} event rows written for ${count(m.two.ok)} 2xx answers (every answered turn has its row).`,
    );
  }
  const statuses = Object.entries({ ...m.one.statuses, ...m.two.statuses }).filter(([code]) => !code.startsWith('2'));
  if (statuses.length > 0 || m.one.errors + m.two.errors > 0) {
    notes.push(
      `${s.what}, two instances: non-2xx/errors: ${statuses.map(([code, n]) => `${n} x ${code}`).join(', ') || 'connection errors'}.`,
    );
  }
  return notes;
}

async function main(): Promise<void> {
  installSignalHandlers();
  const info = machineInfo();
  const ctx: RunContext = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    cpus: info.cpus,
    node: info.node,
    postgres: await postgresVersion(),
    platform: info.platform,
    mode: values['round-trips']
      ? 'round trips only (no load)'
      : quick
        ? `quick smoke run (${T.fixed} s fixed-rate, ${T.sat} s saturated, ${count(T.sessions)} sessions): not a measurement`
        : `full (${T.warm} s warm-up, ${T.fixed} s fixed-rate, ${T.satRounds} x ${T.sat} s saturated rounds each side, each after ${T.rewarm} s of its own (median ratio), ${count(T.sessions)} sessions)`,
  };

  const database = await createScratchDatabase('onb_bench');
  if (values['round-trips']) {
    const migrating = createDatabase({ url: database.url });
    await migrating.migrate();
    await migrating.close();
    log('counting database round trips per request');
    process.stdout.write(`\n${renderHeader(ctx)}\n\n${renderRoundTrips(await countRoundTrips(database.url))}\n`);
    return;
  }
  log('building our service and the floor');
  const entries = buildEntries();
  log(`database ${database.name}; starting our service and the floor`);
  const env = serviceEnv(database.url, POOL_SIZE);
  const ours = await startChild('our service', entries.service, env, entries.nodeArgs);
  const floor = await startChild('floor', entries.floor, { DATABASE_URL: database.url, DB_POOL_SIZE: POOL_SIZE }, entries.nodeArgs);
  const db = openPool(database.url);

  // Counted in this process, on the database the service just migrated, before any load.
  log('counting database round trips per request');
  const roundTrips = renderRoundTrips(await countRoundTrips(database.url));

  const action = actionScenario(USERS_PER_ROW);
  const scenarios = [
    readScenario(USERS_PER_ROW),
    stepScenario(USERS_PER_ROW),
    action,
    chatScenario(USERS_PER_ROW),
    companionScenario(USERS_PER_ROW),
  ];
  const available = new Map<Scenario, boolean>();
  for (const s of scenarios) {
    const ok = await s.available(ours.baseUrl);
    available.set(s, ok);
    if (!ok) {
      log(`${s.what}: 404, not available`);
      continue;
    }
    log(`${s.what}: preparing ${count(USERS_PER_ROW)} users through the API`);
    await s.prepare(ours.baseUrl, db);
    await s.prepareFloor?.(floor.baseUrl, db);
  }
  await db.query('VACUUM ANALYZE');

  const rows: TableRow[] = [];
  const notes: string[] = [];
  for (const s of scenarios) {
    if (!available.get(s)) {
      rows.push(emptyRow(s.what, `p99 <= ${s.p99Bar} ms @ ${s.rate}/s`, 'not available (404)'));
      continue;
    }
    const m = await measure(s, ours, floor, db);
    rows.push(rowOf(s, m));
    notes.push(...notesOf(s, m));
  }

  // A second instance of our service on the same database, only for this row: started now, so
  // it sits on no earlier row's measurement, and stopped after it.
  log('starting a second instance of our service on the same database');
  const second = await startChild('our service, second instance', entries.service, env, entries.nodeArgs);
  try {
    const m = await measureInstances(action, ours, second, db);
    rows.push(...instanceRows(action, m));
    notes.push(...instanceNotes(action, m));
  } finally {
    const warnings = second.output().trim();
    if (warnings)
      notes.push(
        `The second instance wrote to its log (warn and above); last lines: ${warnings.split('\n').slice(-3).join(' | ').slice(0, 600)}`,
      );
    await stopChild(second);
  }

  log(`concurrent sessions: ${count(T.sessions)} users through the guided flow, ${SESSIONS_IN_FLIGHT} in flight`);
  const sessions = await runSessions(ours.baseUrl, db, T.sessions, SESSIONS_IN_FLIGHT);
  const sessionsRow: TableRow = {
    what: `${count(sessions.users)} guided sessions (5 req each)`,
    target: '0 errors, 0 lost updates',
    p50: ms(sessions.p50),
    p99: ms(sessions.p99),
    rps: perSecond(sessions.requests / sessions.seconds),
    errors: `${sessions.errors}`,
    oursSat: '-',
    floor: '-',
    ratio: '-',
    verdict: `${sessions.errors === 0 && sessions.lostUpdates === 0 ? 'PASS' : 'FAIL'}: ${sessions.seconds.toFixed(1)} s, ${sessions.lostUpdates} lost`,
  };
  notes.push(
    `Concurrent sessions: ${count(sessions.users)} users, ${SESSIONS_IN_FLIGHT} in flight, ${count(sessions.requests)} requests in ` +
      `${sessions.seconds.toFixed(1)} s; ${sessions.errors} errors, ${sessions.lostUpdates} lost updates` +
      `${sessions.firstError ? `; first error: ${sessions.firstError}` : ''}${sessions.firstLost ? `; first lost: ${sessions.firstLost}` : ''}.`,
  );

  // The migration runs last (its bulk load would disturb the sessions), but its row comes first.
  const migrationWhat = '11 -> 9 migration';
  const migrationTarget = '1M legacy rows <= 60 s';
  if (!values.migration) {
    rows.push(emptyRow(migrationWhat, migrationTarget, 'skipped (--migration)'));
  } else {
    const r = await runMigration(T.legacyRows);
    if (r.kind === 'not measured') {
      rows.push(emptyRow(migrationWhat, migrationTarget, 'not measured'));
      notes.push(`${migrationWhat}: not measured: ${r.reason}`);
    } else {
      const scaled = r.rows < 1_000_000 ? ` (only ${count(r.rows)} rows: no verdict)` : '';
      const verdict = scaled ? `${r.seconds.toFixed(1)} s${scaled}` : `${r.seconds <= 60 ? 'PASS' : 'FAIL'}: ${r.seconds.toFixed(1)} s`;
      rows.push(emptyRow(migrationWhat, migrationTarget, verdict));
      notes.push(
        `${migrationWhat}: consolidation (0002 alone) ${r.seconds.toFixed(1)} s for ${count(r.rows)} legacy rows` +
          (r.loadSeconds === null ? '' : `; generating and loading them took ${r.loadSeconds.toFixed(1)} s`) +
          '.',
      );
    }
  }

  rows.push(sessionsRow);
  const warnings = ours.output().trim();
  if (warnings)
    notes.push(`Our service wrote to its log (warn and above); last lines: ${warnings.split('\n').slice(-3).join(' | ').slice(0, 600)}`);

  const table = renderTable(rows);
  process.stdout.write(`\n${renderHeader(ctx)}\n\n${roundTrips}\n\n${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  const file = writeMarkdown(ctx, table, notes, roundTrips);
  process.stdout.write(`\nwritten to ${file}\n`);
}

try {
  await main();
} catch (err) {
  if (interrupted()) await new Promise(() => {}); // the signal handler cleans up and exits
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}
