// The statechart visualizer page: fetches the aggregate counts and each machine's Mermaid text
// (generated on the server by src/visualizer/mermaid.ts) and renders them with Mermaid from
// node_modules. No logic about the machines lives here.
import mermaid from '/visualizer/vendor/mermaid/mermaid.esm.min.mjs';

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });

const statusEl = document.getElementById('status');
const root = document.getElementById('machines');
let renders = 0;

function setStatus(kind, text) {
  document.body.dataset.status = kind;
  statusEl.textContent = text;
  statusEl.className = kind === 'error' ? 'error' : '';
}

function cell(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = String(text);
  if (className) el.className = className;
  return el;
}

function countsTable(states) {
  const table = document.createElement('table');
  const head = document.createElement('tr');
  for (const h of ['State', 'Name', 'Now', 'Reached', 'Completed']) head.append(cell('th', h));
  table.append(head);
  for (const s of states) {
    const row = document.createElement('tr');
    row.dataset.state = s.state;
    row.append(
      cell('td', s.state),
      cell('td', s.label),
      cell('td', s.current, 'n'),
      // A machine without a funnel (the dialogue) counts only where conversations are now.
      cell('td', s.reached ?? '–', 'n'),
      cell('td', s.completed ?? '–', 'n'),
    );
    table.append(row);
  }
  return table;
}

async function load() {
  setStatus('loading', 'Loading…');
  const res = await fetch('/visualizer/data', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`counts request failed with HTTP ${res.status}`);
  const data = await res.json();
  const sections = [];
  for (const m of data.machines) {
    const section = document.createElement('section');
    section.dataset.machine = m.machine_id;
    section.append(cell('h2', `${m.title} (${m.machine_id})`));
    const diagram = document.createElement('div');
    diagram.className = 'diagram';
    renders += 1;
    const { svg } = await mermaid.render(`statechart-${m.machine_id}-${renders}`, m.mermaid);
    diagram.innerHTML = svg;
    section.append(diagram, countsTable(m.states));
    sections.push(section);
  }
  root.replaceChildren(...sections);
  setStatus('ready', `Counts as of ${new Date(data.generated_at).toLocaleString()}`);
}

function run() {
  load().catch((err) => setStatus('error', `Could not load the statecharts: ${err.message}`));
}

document.getElementById('refresh').addEventListener('click', run);
run();
