/**
 * `npm run visualize`: writes each machine's Mermaid stateDiagram-v2 and JSON definition to
 * docs/statecharts/<machineId>.mmd and .json (docs/behaviour/review.md).
 *   --out <dir>   write somewhere else (default: the repository's docs/statecharts)
 *   --check       write nothing; exit 1 when a committed file differs from what would be written
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { STATECHARTS_DIR, statechartFiles } from '../visualizer/statecharts.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, check: { type: 'boolean', default: false } } });
  const outDir = path.resolve(values.out ?? STATECHARTS_DIR);
  const files = statechartFiles();
  if (values.check) {
    const stale: string[] = [];
    for (const [name, text] of files) {
      const current = await readFile(path.join(outDir, name), 'utf8').catch(() => null);
      if (current !== text) stale.push(name);
    }
    if (stale.length > 0) {
      process.stderr.write(`Out of date in ${outDir}: ${stale.join(', ')}. Run npm run visualize.\n`);
      return 1;
    }
    process.stdout.write(`${files.size} statechart files in ${outDir} are up to date.\n`);
    return 0;
  }
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of files) {
    await writeFile(path.join(outDir, name), text);
    process.stdout.write(`wrote ${path.join(outDir, name)}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`visualize failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
