/** The funnel report in the Prometheus text exposition format (version 0.0.4). */
import type { FunnelReport } from './report.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

/** Label values escape backslash, double quote and newline. */
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

const labelText = (labels: Labels) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

interface Family {
  name: string;
  help: string;
  samples: Array<{ labels: Labels; value: number }>;
}

const STATE_METRICS = [
  ['reached', 'Users who ever entered the onboarding state.'],
  ['completed', 'Users who left the onboarding state forward (saved it).'],
  ['current', 'Users in the onboarding state now.'],
  ['validation_failures', 'Rejected answers in the onboarding state (guided re-asks; fitness rejected saves).'],
  ['completion_rate', 'Completed divided by reached (0 when nothing reached).'],
] as const;

const AGENT_METRICS = [
  ['reached', "Users who ever entered any of the agent's states."],
  ['completed', "Users who saved every one of the agent's states."],
  ['current', "Users in one of the agent's states now."],
  ['completion_rate', 'Completed divided by reached (0 when nothing reached).'],
] as const;

export function toPrometheus(report: FunnelReport): string {
  const families: Family[] = [];
  for (const [metric, help] of STATE_METRICS) {
    families.push({
      name: `onboarding_state_${metric}`,
      help,
      samples: Object.values(report.flows).flatMap((f) =>
        // A count that is not recorded is left out rather than reported as 0.
        metric === 'validation_failures' && !f.validation_failures_recorded
          ? []
          : f.states.map((s) => ({ labels: { flow: f.flow, state: s.state }, value: s[metric] })),
      ),
    });
  }
  for (const [metric, help] of AGENT_METRICS) {
    families.push({
      name: `onboarding_agent_${metric}`,
      help,
      samples: Object.values(report.flows).flatMap((f) =>
        f.agents.map((a) => ({ labels: { flow: f.flow, agent: a.agent }, value: a[metric] })),
      ),
    });
  }
  const lines: string[] = [];
  for (const fam of families) {
    lines.push(`# HELP ${fam.name} ${fam.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${fam.name} gauge`);
    for (const s of fam.samples) lines.push(`${fam.name}${labelText(s.labels)} ${s.value}`);
  }
  return `${lines.join('\n')}\n`;
}
