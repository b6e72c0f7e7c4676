// Copies what the compiled code reads at run time next to it, in the same layout as the sources,
// so every `new URL('...', import.meta.url)` resolves the same from dist/ as from the sources:
// the SQL migrations, the screen's public files, and every non-TypeScript file under the compiled
// folders (YAML catalogues, the visualizer's page, ...).
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist');

for (const dir of ['migrations', 'public']) {
  if (existsSync(path.join(root, dir))) cpSync(path.join(root, dir), path.join(out, dir), { recursive: true });
}

const isSource = (file) => /\.(c|m)?ts$/.test(file) && !file.endsWith('.d.ts');
function copyAssets(rel) {
  for (const name of readdirSync(path.join(root, rel))) {
    const from = path.join(rel, name);
    if (statSync(path.join(root, from)).isDirectory()) copyAssets(from);
    else if (!isSource(name)) cpSync(path.join(root, from), path.join(out, from));
  }
}
for (const dir of ['src', 'machines', 'drizzle']) copyAssets(dir);
