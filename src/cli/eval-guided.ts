/**
 * npm run eval:guided — how the offline guided flow reads goals and names, on the labelled corpus
 * (case by case) and on the held-out set (in aggregate only, so it stays a fair check).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateGoal, evaluateName, tallyByKind, type GoalCase, type NameCase } from '../flows/guided/summary/evaluate.js';

/** The report goes to standard output: it is the command's result, not a log line. */
const print = (line: string): void => void process.stdout.write(`${line}\n`);

const corpus = (file: string): URL => new URL(`../../test/corpus/${file}`, import.meta.url);
const load = <T>(file: string): T[] => (JSON.parse(readFileSync(fileURLToPath(corpus(file)), 'utf8')) as { cases: T[] }).cases;

const pct = (ok: number, total: number): string => (total === 0 ? '-' : `${((100 * ok) / total).toFixed(1)}%`);

function report(title: string, cases: GoalCase[], detail: boolean): void {
  const results = cases.map(evaluateGoal);
  const ok = results.filter((r) => r.ok).length;
  print(`\n${title}: ${ok}/${results.length} correct (${pct(ok, results.length)})`);
  for (const [key, t] of [...tallyByKind(results)].sort(([a], [b]) => a.localeCompare(b))) {
    print(`  ${key.padEnd(18)} ${String(t.correct).padStart(3)}/${String(t.total).padEnd(3)} ${pct(t.correct, t.total)}`);
  }
  if (!detail) return;
  for (const r of results.filter((x) => !x.ok)) {
    const want = `${r.case.kind}${r.case.domain ? `/${r.case.domain}` : ''}`;
    print(
      `  WRONG ${JSON.stringify(r.case.text)}: want ${want}, got ${r.got.kind}/${r.got.domain}${r.summaryProblem ? `, summary ${r.summaryProblem}` : ''}`,
    );
  }
}

report('Guided goals (corpus)', load<GoalCase>('guided-goals.json'), true);
report('Guided goals (held-out, aggregate only)', load<GoalCase>('guided-goals-heldout.json'), false);
report('Guided goals (blind set, written without reading the classifier)', load<GoalCase>('guided-goals.blind.json'), true);
report('Guided goals (second blind set)', load<GoalCase>('guided-goals.blind2.json'), true);

function reportNames(title: string, file: string): void {
  const names = load<NameCase>(file).map(evaluateName);
  const namesOk = names.filter((r) => r.ok).length;
  print(`\n${title}: ${namesOk}/${names.length} correct (${pct(namesOk, names.length)})`);
  for (const r of names.filter((x) => !x.ok)) {
    print(`  WRONG ${JSON.stringify(r.case.text)}: want ${JSON.stringify(r.case.name)}, got ${JSON.stringify(r.got)}`);
  }
}

reportNames('Names', 'names.json');
reportNames('Names (blind set)', 'names.blind.json');
reportNames('Names (second blind set)', 'names.blind2.json');
