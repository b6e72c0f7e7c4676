/** The files `npm run visualize` writes to docs/statecharts/, generated from the machine objects. */
import { fileURLToPath } from 'node:url';
import { DIALOGUE_CHART, FUNNEL_FLOWS, labelOf } from '../funnel/flows.js';
import { machineDefinitionJson, toMermaid } from './mermaid.js';

export const STATECHARTS_DIR = fileURLToPath(new URL('../../docs/statecharts', import.meta.url));

/** File name -> contents: `<machineId>.mmd` (Mermaid stateDiagram-v2) and `<machineId>.json` (definition). */
export function statechartFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const f of FUNNEL_FLOWS) {
    const describe = (key: string) => (labelOf(f, key) !== key ? [labelOf(f, key)] : []);
    files.set(`${f.machineId}.mmd`, toMermaid(f.machine, { describe }));
    files.set(`${f.machineId}.json`, machineDefinitionJson(f.machine));
  }
  const d = DIALOGUE_CHART;
  files.set(`${d.machineId}.mmd`, toMermaid(d.machine, { describe: (key) => (d.labels[key] ? [d.labels[key]] : []) }));
  files.set(`${d.machineId}.json`, machineDefinitionJson(d.machine));
  return files;
}
