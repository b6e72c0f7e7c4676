/**
 * Prints how well the offline fitness agent reads the labelled corpus, per language and state:
 * understood %, silent wrong saves, confirmed-wrong saves and the share of confirmations.
 * `npm run eval:fitness [-- --failures] [set.jsonl ...]` (default: the English, Spanish, held-out and both blind sets)
 */
import { readFileSync } from 'node:fs';
import { parseCorpus, score, type Score } from '../flows/fitness/agents/offline/evaluate.js';

/** The report goes to standard output: it is the command's result, not a log line. */
const print = (line: string): void => void process.stdout.write(`${line}\n`);

const args = process.argv.slice(2);
const showFailures = args.includes('--failures');
const files = args.filter((arg) => !arg.startsWith('--'));
const sets = files.length > 0 ? files : ['en', 'es', 'heldout', 'blind', 'blind2'].map((set) => `test/corpus/fitness.${set}.jsonl`);

const pct = (part: number, whole: number): string => (whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`);
const line = (label: string, s: Score): string =>
  `${label.padEnd(10)} cases ${String(s.cases).padStart(4)}  understood ${pct(s.understood, s.cases).padStart(6)}  silent wrong ${String(s.silentWrong).padStart(2)}  confirmed wrong ${String(s.confirmedWrong).padStart(2)}  confirmations ${pct(s.confirmations, s.understoodWithData).padStart(6)}`;

for (const file of sets) {
  const cases = parseCorpus(readFileSync(file, 'utf8'));
  const result = score(cases);
  print(`\n${file}`);
  print(line('all', result.total));
  // A set that mixes both languages is also scored per language.
  for (const lang of ['en', 'es'] as const) {
    const own = cases.filter((c) => c.lang === lang);
    if (own.length > 0 && own.length < cases.length) print(line(`  ${lang}`, score(own).total));
  }
  for (const [state, s] of [...result.byState].sort(([a], [b]) => a - b)) print(line(`  state ${state}`, s));
  if (showFailures) for (const f of result.failures) print(`  ${f.outcome.padEnd(16)} [${f.s}] ${f.t}`);
}
