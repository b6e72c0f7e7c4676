import { extractForState } from './src/flows/fitness/agents/offline/extract.js';
const cases: Array<[number, string]> = JSON.parse(process.argv[2] ?? '[]');
for (const [s, m] of cases) console.log(s, m, '=>', JSON.stringify(extractForState(s as 1, m)));
